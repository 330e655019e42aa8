#pragma once
// fuar::cv — what an uploaded CV is and where it lives. Pure functions plus the file writes,
// so the rules can be unit-tested without a server.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fuar::cv {

// A PDF by content only: it starts with "%PDF-1." or "%PDF-2." and "%%EOF" occurs in its last
// KiB. The name and the Content-Type the browser sent play no part.
bool looks_like_pdf(std::string_view bytes);

// The display and download name of an upload: any path (/ or \) removed, control characters,
// bidirectional overrides, quotes and invalid UTF-8 dropped, leading dots and spaces removed,
// ".pdf" appended when it does not already end so (a "cv.pdf.exe" is shown as
// "cv.pdf.exe.pdf", never offered as an executable), and cut to 100 characters keeping the
// extension visible. Empty → "cv.pdf". Never used as a path.
std::string sanitise_name(std::string_view raw);

// 32 lower-case hex characters from the kernel's random source (128 bits).
std::string random_hex128();

// <files_dir>/cvs, created (0700) when missing. Throws std::runtime_error on failure.
std::string cv_dir(const std::string& files_dir);

// Writes `bytes` to <dir>/<name> durably and atomically: a temporary file in the same folder
// (0600), fsync, rename, fsync of the folder. Throws std::runtime_error (nothing left behind).
void write_file_atomic(const std::string& dir, const std::string& name, std::string_view bytes);

// The whole file, or empty when it cannot be read.
std::optional<std::string> read_file(const std::string& path);

}  // namespace fuar::cv
