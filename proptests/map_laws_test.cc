// The lattice laws for the register maps: MaxMap (committed offsets) and
// LwwMap (transactional registers).
#include "proptests/crdt_generators.h"
#include "proptests/lattice_law_test.h"

namespace glomers::proptests {
namespace {

static_assert(JsonEncodable<MaxMapSpec::Lattice>);
static_assert(JsonEncodable<LwwMapSpec::Lattice>);

INSTANTIATE_TEST_SUITE_P(MaxMap, LatticeLaw,
                         testing::ValuesIn(lattice_laws<MaxMapSpec>("MaxMap")), LawName);
INSTANTIATE_TEST_SUITE_P(LwwMap, LatticeLaw,
                         testing::ValuesIn(lattice_laws<LwwMapSpec>("LwwMap")), LawName);

}  // namespace
}  // namespace glomers::proptests
