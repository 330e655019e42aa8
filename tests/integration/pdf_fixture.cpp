#include "tests/integration/pdf_fixture.hpp"

#include <cstdio>

namespace fuar::test {

namespace {

// PDF literal strings escape \ ( ); non-ASCII is written as WinAnsi where it exists (Turkish
// letters outside it are transliterated, which is enough for extraction tests).
std::string pdf_string(const std::string& utf8) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c == '\\' || c == '(' || c == ')') {
      out += '\\';
      out += char(c);
    } else if (c < 0x80) {
      out += char(c);
    } else if ((c & 0xE0) == 0xC0 && i + 1 < utf8.size()) {
      unsigned cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3Fu);
      ++i;
      if (cp < 0x100) out += char(cp);  // Latin-1 range (ç, ö, ü, Ç, Ö, Ü)
      else if (cp == 0x11F) out += 'g';  // ğ
      else if (cp == 0x11E) out += 'G';
      else if (cp == 0x131) out += 'i';  // ı
      else if (cp == 0x130) out += 'I';  // İ
      else if (cp == 0x15F) out += 's';  // ş
      else if (cp == 0x15E) out += 'S';
      else out += '?';
    } else {
      out += '?';
    }
  }
  return out;
}

}  // namespace

std::string make_pdf(const std::vector<std::string>& pages) {
  std::vector<std::string> objects;  // objects[i] is object i+1
  const std::size_t n = pages.size();
  // 1: catalog, 2: pages, 3: font, then per page: page object, content stream.
  objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  std::string kids;
  for (std::size_t i = 0; i < n; ++i) kids += std::to_string(4 + 2 * i) + " 0 R ";
  objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(n) + " >>");
  objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  for (std::size_t i = 0; i < n; ++i) {
    objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                      "/Contents " + std::to_string(5 + 2 * i) + " 0 R >>");
    std::string content = "BT /F1 12 Tf 72 770 Td (" + pdf_string(pages[i]) + ") Tj ET";
    objects.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream");
  }
  std::string out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  std::size_t xref = out.size();
  out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  char line[32];
  for (auto off : offsets) {
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    out += line;
  }
  out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return out;
}

}  // namespace fuar::test
