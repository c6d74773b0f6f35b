// The lattice laws for GCounter, with string replica ids (encoded as a JSON
// object) and with integer ids (encoded as pairs).
#include <string>

#include "proptests/crdt_generators.h"
#include "proptests/lattice_law_test.h"

namespace glomers::proptests {
namespace {

// The JSON law is included by detection; make sure it is not silently lost.
static_assert(JsonEncodable<crdt::GCounter>);
static_assert(JsonEncodable<crdt::BasicGCounter<int>>);

INSTANTIATE_TEST_SUITE_P(GCounter, LatticeLaw,
                         testing::ValuesIn(lattice_laws<GCounterSpec<std::string>>("GCounter")),
                         LawName);
INSTANTIATE_TEST_SUITE_P(GCounterIntIds, LatticeLaw,
                         testing::ValuesIn(lattice_laws<GCounterSpec<int>>("GCounterIntIds")),
                         LawName);

}  // namespace
}  // namespace glomers::proptests
