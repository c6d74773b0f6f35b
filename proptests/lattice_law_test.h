// The parameterized test that runs one lattice law: instantiate it once per
// lattice type with the laws of lattice_laws.h,
//
//   INSTANTIATE_TEST_SUITE_P(GSetInt, LatticeLaw,
//                            testing::ValuesIn(lattice_laws<GSetSpec<int>>("GSetInt")),
//                            LawName);
//
// and each law becomes a test named "GSetInt/LatticeLaw.Holds/<law>", which
// requires the law to hold for at least kMinCases cases.
#ifndef GLOMERS_PROPTESTS_LATTICE_LAW_TEST_H_
#define GLOMERS_PROPTESTS_LATTICE_LAW_TEST_H_

#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "proptests/lattice_laws.h"

namespace glomers::proptests {

class LatticeLaw : public testing::TestWithParam<Law> {};

inline std::string LawName(const testing::TestParamInfo<Law>& info) { return info.param.name; }

// Lets gtest print a law by name rather than as bytes.
inline void PrintTo(const Law& law, std::ostream* os) { *os << law.name; }

}  // namespace glomers::proptests

#endif  // GLOMERS_PROPTESTS_LATTICE_LAW_TEST_H_
