// The lattice laws for PNCounter.
#include <string>

#include "proptests/crdt_generators.h"
#include "proptests/lattice_law_test.h"

namespace glomers::proptests {
namespace {

// The JSON law is included by detection; make sure it is not silently lost.
static_assert(JsonEncodable<crdt::PNCounter>);

INSTANTIATE_TEST_SUITE_P(PNCounter, LatticeLaw,
                         testing::ValuesIn(lattice_laws<PNCounterSpec<std::string>>("PNCounter")),
                         LawName);

}  // namespace
}  // namespace glomers::proptests
