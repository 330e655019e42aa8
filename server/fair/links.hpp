#pragma once
// Validation helpers of the fairs capability that need no store: IANA time zone names, and the
// base URL of registration and invitation links.
#include <optional>
#include <string>
#include <string_view>

namespace fuar::fair {

// True when `name` looks like an IANA zone name ([A-Za-z0-9_+-/], 1..64 characters, no "..",
// no leading '/') AND <zoneinfo_dir>/<name> is a compiled zone file (starts with "TZif").
bool valid_timezone(std::string_view name, const std::string& zoneinfo_dir = "/usr/share/zoneinfo");

// The base of links: `public_url` without a trailing '/', or "http://" + `host` when it is
// empty. nullopt when the Host header is needed but empty or has characters outside
// [A-Za-z0-9.:-[]] (a forged Host must not end up in a QR poster or an invitation link).
std::optional<std::string> link_base(const std::string& public_url, const std::string& host);

}  // namespace fuar::fair
