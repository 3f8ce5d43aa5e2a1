#include "floor.h"

#include <algorithm>
#include <string>

#include "child.h"

namespace bench {
namespace {

namespace fs = std::filesystem;

std::string str(const fs::path& p) {
  return p.string();
}

}  // namespace

double floorCpuMs(const FloorCase& c, const fs::path& work, int threads) {
  const fs::path one = work / "one.v";
  // Start-up: a process that loads and initialises libvips and copies one
  // pixel.
  if (!fs::exists(one)) spawn({"vips", "black", str(one), "1", "1"}, threads);
  const double startup = spawn({"vips", "copy", str(one), str(work / "one2.v")}, threads).cpuMs;
  double total = 0;
  auto step = [&](const std::vector<std::string>& args) {
    total += std::max(0.0, spawn(args, threads).cpuMs - startup);
  };
  const fs::path main = work / "main.v";
  const std::string bound = c.cover ? "2560" : "1024";
  const std::string height = c.cover ? "10000000" : "1024";
  step({"vips", "thumbnail", str(c.input) + (c.animated ? "[n=-1]" : ""), str(main), bound,
        "--height", height, "--size", "down"});
  step({"vips", "copy", str(main), str(work / ("main." + c.extension)) + c.saveOptions});
  fs::path source = main;
  if (c.animated) {
    source = work / "frame0.v";
    step({"vips", "crop", str(main), str(source), "0", "0", std::to_string(c.frameWidth),
          std::to_string(c.frameHeight)});
  }
  if (c.sizes.empty()) return total;
  auto file = [&](int size) { return str(work / (std::to_string(size) + "." + c.extension)); };
  auto out = [&](int size) { return file(size) + c.variantOptions; };
  // A variant's WebP sibling, from the variant as written (decoding a
  // variant of a few kilobytes again costs well under a millisecond).
  auto sibling = [&](int size) {
    if (c.siblingOptions.empty()) return;
    step({"vips", "copy", file(size),
          str(work / (std::to_string(size) + "-sibling.webp")) + c.siblingOptions});
  };
  if (c.cover) {
    for (int width : c.sizes) {
      step({"vips", "thumbnail_image", str(source), out(width), std::to_string(width), "--height",
            "10000000", "--size", "down"});
      sibling(width);
    }
    return total;
  }
  const int largest = *std::max_element(c.sizes.begin(), c.sizes.end());
  const fs::path square = work / "square.v";
  step({"vips", "thumbnail_image", str(source), str(square), std::to_string(largest), "--height",
        std::to_string(largest), "--crop", "attention"});
  for (int side : c.sizes) {
    if (side == largest) {
      step({"vips", "copy", str(square), out(side)});
    } else {
      step({"vips", "thumbnail_image", str(square), out(side), std::to_string(side)});
    }
    sibling(side);
  }
  return total;
}

}  // namespace bench
