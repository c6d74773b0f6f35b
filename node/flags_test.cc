#include "node/flags.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace glomers {
namespace {

TEST(ParseDuration, Units) {
  EXPECT_EQ(ParseDuration("250ms"), Micros(250'000));
  EXPECT_EQ(ParseDuration("1.5s"), Micros(1'500'000));
  EXPECT_EQ(ParseDuration("800us"), Micros(800));
  EXPECT_EQ(ParseDuration("40"), Micros(40'000));  // bare numbers are milliseconds
  EXPECT_EQ(ParseDuration("0"), Micros(0));
  EXPECT_EQ(ParseDuration("0.5ms"), Micros(500));
}

TEST(ParseDuration, Rejects) {
  for (const char* bad : {"", "ms", "abc", "-1ms", "5 ms", "5m", "5h", "1e20s", "nan", "inf",
                          "5msx"}) {
    EXPECT_THROW(ParseDuration(bad), std::invalid_argument) << bad;
  }
}

TEST(Flags, BothForms) {
  Flags f({"--topology", "star", "--sync-interval=50ms", "--n", "7"});
  EXPECT_TRUE(f.Has("topology"));
  EXPECT_FALSE(f.Has("eager"));
  EXPECT_EQ(f.String("topology", "total"), "star");
  EXPECT_EQ(f.Duration("sync-interval", 1s), 50ms);
  EXPECT_EQ(f.Int("n", 0), 7);
  EXPECT_EQ(f.String("eager", "false"), "false");  // fallback
  EXPECT_NO_THROW(f.Finish());
}

TEST(Flags, ValueMayBeEmptyOrContainEquals) {
  Flags f({"--a=", "--b=x=y"});
  EXPECT_EQ(f.String("a", "fallback"), "");
  EXPECT_EQ(f.String("b", ""), "x=y");
}

TEST(Flags, LastValueWins) {
  Flags f({"--n", "1", "--n=2"});
  EXPECT_EQ(f.Int("n", 0), 2);
}

TEST(Flags, Errors) {
  EXPECT_THROW(Flags({"positional"}), std::invalid_argument);
  EXPECT_THROW(Flags({"-x"}), std::invalid_argument);
  EXPECT_THROW(Flags({"--"}), std::invalid_argument);
  EXPECT_THROW(Flags({"--missing-value"}), std::invalid_argument);

  Flags f({"--n", "12abc", "--d", "soon", "--m", "99999999999999999999"});
  EXPECT_THROW(f.Int("n", 0), std::invalid_argument);
  EXPECT_THROW(f.Int("m", 0), std::invalid_argument);
  try {
    f.Duration("d", 1s);
    ADD_FAILURE();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("--d"), std::string::npos) << e.what();
  }
}

TEST(Flags, FinishRejectsUnreadFlags) {
  Flags f({"--topology", "star", "--typo", "1"});
  f.String("topology", "total");
  try {
    f.Finish();
    ADD_FAILURE();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("--typo"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace glomers
