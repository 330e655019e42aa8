#pragma once
// fuar::load::seq_tracker — which sequence numbers (1, 2, 3, ...) of one publisher a viewer has
// received, to count lost and duplicated messages. Robust to reordering: numbers above the
// contiguous prefix wait in a small sorted list until the gap closes. Memory is 8 bytes plus
// the out-of-order backlog (normally empty).
#include <algorithm>
#include <cstdint>
#include <vector>

namespace fuar::load {

class seq_tracker {
public:
  // Records `seq` (>= 1). Returns false when it had been recorded before: a duplicate.
  bool add(std::uint32_t seq) {
    if (seq == 0 || seq <= upto_) return false;
    if (seq == upto_ + 1) {
      ++upto_;
      while (!ahead_.empty() && ahead_.front() == upto_ + 1) {
        ++upto_;
        ahead_.erase(ahead_.begin());
      }
      return true;
    }
    auto it = std::lower_bound(ahead_.begin(), ahead_.end(), seq);
    if (it != ahead_.end() && *it == seq) return false;
    ahead_.insert(it, seq);
    return true;
  }
  // How many distinct numbers were recorded.
  std::uint64_t distinct() const { return upto_ + ahead_.size(); }
  // Every number in 1..upto() was recorded.
  std::uint32_t upto() const { return upto_; }

private:
  std::uint32_t upto_ = 0;
  std::vector<std::uint32_t> ahead_;
};

}  // namespace fuar::load
