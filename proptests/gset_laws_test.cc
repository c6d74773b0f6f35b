// The lattice laws for GSet, with integer and with string elements.
#include <string>

#include "proptests/crdt_generators.h"
#include "proptests/lattice_law_test.h"

namespace glomers::proptests {
namespace {

// The JSON law is included by detection; make sure it is not silently lost.
static_assert(JsonEncodable<crdt::GSet<int>>);
static_assert(JsonEncodable<crdt::GSet<std::string>>);

INSTANTIATE_TEST_SUITE_P(GSetInt, LatticeLaw,
                         testing::ValuesIn(lattice_laws<GSetSpec<int>>("GSetInt")), LawName);
INSTANTIATE_TEST_SUITE_P(GSetString, LatticeLaw,
                         testing::ValuesIn(lattice_laws<GSetSpec<std::string>>("GSetString")),
                         LawName);

}  // namespace
}  // namespace glomers::proptests
