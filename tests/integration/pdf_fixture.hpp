#pragma once
// Builds small, valid PDF files for upload tests: one page per entry of `pages`, each showing
// its text in Helvetica, with a correct cross-reference table (so pdftotext reads it).
#include <string>
#include <vector>

namespace fuar::test {

std::string make_pdf(const std::vector<std::string>& pages);

}  // namespace fuar::test
