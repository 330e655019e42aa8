#pragma once
// fuar::cv::extract_text — CV text extraction in a separate, limited process, so that a hostile
// PDF can at worst waste one extraction: never the server's memory, CPU or file descriptors.
//
// Runs `program -enc UTF-8 -q <pdf> -` (pdftotext from poppler-utils; no shell) in its own
// process group with stdin on /dev/null, every other descriptor closed, and rlimits: address
// space `memory_mb`, CPU time the timeout rounded up to seconds plus one, file size 0 (it may
// not write files), 16 descriptors. The caller's thread reads the text through a pipe with
// poll() until EOF, `max_text` bytes (then the group is killed and the text so far is kept) or
// the wall-clock deadline (then the group is SIGKILLed and the result is `unavailable`). The
// child is always reaped. Blocking; safe to call from several threads at once.
#include <cstddef>
#include <cstdint>
#include <string>

namespace fuar::cv {

struct extract_options {
  std::string program = "pdftotext";
  std::int64_t timeout_ms = 10000;
  std::int64_t memory_mb = 512;
  std::size_t max_text = 2 * 1024 * 1024;
};

struct extract_result {
  bool ok = false;
  std::string text;    // ok: valid UTF-8, control characters other than \n and \t removed
  std::string reason;  // !ok: "timeout", "killed by signal N", "exit code N", "not UTF-8", "cannot start"
  bool truncated = false;  // ok: the text reached max_text and the rest was not read
};

extract_result extract_text(const extract_options& opt, const std::string& pdf_path);

// The text as stored: invalid UTF-8 → nullopt-like false; control characters except \n and \t
// dropped (form feeds between pages become \n). Exposed for the unit tests.
bool clean_text(std::string& text);

}  // namespace fuar::cv
