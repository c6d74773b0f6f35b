#include "bench/workload.h"

namespace glomers::bench {

Json ValidityJson(Validity v) {
  switch (v) {
    case Validity::kValid: return true;
    case Validity::kInvalid: return false;
    case Validity::kUnknown: return "unknown";
  }
  return "unknown";
}

Validity Worst(Validity a, Validity b) {
  if (a == Validity::kInvalid || b == Validity::kInvalid) return Validity::kInvalid;
  if (a == Validity::kUnknown || b == Validity::kUnknown) return Validity::kUnknown;
  return Validity::kValid;
}

}  // namespace glomers::bench
