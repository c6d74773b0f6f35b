// The lattice laws for the append log, alone and in the product that the
// kafka node replicates (log and committed offsets).
#include "proptests/crdt_generators.h"
#include "proptests/lattice_law_test.h"

namespace glomers::proptests {
namespace {

static_assert(JsonEncodable<AppendLogSpec::Lattice>);
static_assert(JsonEncodable<KafkaStateSpec::Lattice>);

INSTANTIATE_TEST_SUITE_P(AppendLog, LatticeLaw,
                         testing::ValuesIn(lattice_laws<AppendLogSpec>("AppendLog")), LawName);
INSTANTIATE_TEST_SUITE_P(KafkaState, LatticeLaw,
                         testing::ValuesIn(lattice_laws<KafkaStateSpec>("KafkaState")), LawName);

}  // namespace
}  // namespace glomers::proptests
