// image_pipeline_bench: the time and peak memory of VipsImageProcessor on a
// few realistic uploads, each compared in the same run with Debian's
// vipsthumbnail doing the equivalent resize of the same file, and with the
// `vips` command-line chain making the same outputs from one decode
// (floor.h).
//
//   userimg_image_bench [--runs N] [--threads T] [--dir DIR]
//   userimg_image_bench --emit OUT --dir DIR          (quality.h)
//   userimg_image_bench --compare OLD NEW --dir DIR
//   userimg_image_bench --siblings [--runs N] [--dir DIR] [--photos DIR]  (quality.h)
// BENCH_SIBLINGS=0 in the environment measures the variants without their
// WebP siblings; BENCH_KEEP_JPEG=0 encodes every JPEG again ([images]
// keep_jpeg = false).
//
// Every measurement is a child process (this program with --child, or
// vipsthumbnail, or vips), so that peak memory (getrusage maxrss of the
// child, and VmHWM minus the VmRSS before process() inside ours) is one
// image's alone. Both sides get T libvips threads (default 1, the service's
// default). In-process figures are CPU time (user + system, all threads)
// around the process() call, so that a busy machine changes them less than
// wall time would. The table printed is Markdown, ready for bench/README.md.

#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "child.h"
#include "fixtures.h"
#include "floor.h"
#include "image/vips_image_processor.h"
#include "quality.h"

namespace {

namespace fs = std::filesystem;
using bench::median;
using bench::Run;
using bench::spawn;
using userimg::core::ImageKind;

long statusKb(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::string(field).size()));
  }
  return -1;
}

double cpuMsSelf() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

// One process() call; prints "<cpu ms> <VmRSS before, kB> <VmHWM after, kB>".
int runChild(const std::string& kind, const fs::path& file, const fs::path& workDir, bool variants,
             int threads) {
  userimg::config::ImagesConfig config = bench::benchImagesConfig();
  config.vipsThreads = threads;
  if (!variants) {
    config.profileVariants.clear();
    config.coverVariants.clear();
  }
  if (auto status = userimg::image::initImageLibrary(config); !status.isOk()) {
    std::cerr << status.toString() << "\n";
    return 1;
  }
  const userimg::image::VipsImageProcessor processor(config);
  const long before = statusKb("VmRSS:");
  const double start = cpuMsSelf();
  auto result =
      processor.process(kind == "cover" ? ImageKind::kCover : ImageKind::kProfile, file, workDir);
  const double cpu = cpuMsSelf() - start;
  if (!result) {
    std::cerr << result.status().toString() << "\n";
    return 1;
  }
  std::printf("%.2f %ld %ld\n", cpu, before, statusKb("VmHWM:"));
  return 0;
}

struct Case {
  std::string name;
  std::string slug;  // the fixture's stem, for --emit
  fs::path file;
  std::string kind;          // "profile" or "cover"
  std::string size;          // vipsthumbnail --size for the same bound
  std::string output;        // vipsthumbnail output, same encoder options as ours
  std::string options;       // input options for vipsthumbnail ("[n=-1]")
  bench::FloorCase floorOf;  // the vips chain for the same outputs
};

std::vector<Case> casesIn(const fs::path& dir) {
  const std::string jpegOut = "[Q=85,interlace,optimize_coding,strip]";
  const std::string jpegVariant = "[Q=85,optimize_coding,strip]";
  const std::vector<int> squares = {64, 128, 256};
  // The default [images] WebP siblings (sibling_formats, webp_quality, webp_effort).
  const std::string webp = "[Q=80,effort=2,strip]";
  auto jpeg = [&](const char* name, const char* file, bool cover) {
    Case c{name,
           fs::path(file).stem().string(),
           dir / file,
           cover ? "cover" : "profile",
           cover ? "2560x>" : "1024x1024>",
           "vt.jpg" + jpegOut,
           "",
           {}};
    c.floorOf = {
        c.file, cover, false, "jpg", jpegOut, jpegVariant, cover ? std::vector<int>{640} : squares};
    c.floorOf.siblingOptions = webp;
    return c;
  };
  std::vector<Case> cases = {
      jpeg("JPEG 0.3 MP (640x480), profile", "jpeg-0.3mp.jpg", false),
      jpeg("JPEG 100 KB (1024x768), profile", "photo-1024x768.jpg", false),
      jpeg("JPEG 1 MP square (1024x1024), profile", "photo-1024x1024.jpg", false),
      jpeg("JPEG 2 MP (1632x1224), profile", "jpeg-2mp.jpg", false),
      jpeg("JPEG 12 MP (4000x3000), profile", "jpeg-12mp.jpg", false),
      jpeg("JPEG 12 MP (4000x3000), cover", "jpeg-12mp.jpg", true),
  };
  cases.back().slug = "jpeg-12mp-cover";
  Case png{"PNG RGBA 2 MP (1632x1224), profile",
           "png-alpha-2mp",
           dir / "png-alpha-2mp.png",
           "profile",
           "1024x1024>",
           "vt.png[strip]",
           "",
           {}};
  png.floorOf = {png.file, false, false, "png", "[strip]", "[strip]", squares};
  png.floorOf.siblingOptions = webp;
  Case gif{"GIF 480x360, 20 frames, profile",
           "gif-anim-20f",
           dir / "gif-anim-20f.gif",
           "profile",
           "1024x1024>",
           "vt.gif[strip]",
           "[n=-1]",
           {}};
  gif.floorOf = {gif.file, false, true, "gif", "[strip]", "[strip]", squares, 480, 360};
  gif.floorOf.siblingOptions = webp;
  cases.push_back(png);
  cases.push_back(gif);
  return cases;
}

std::vector<bench::EmitCase> emitCases(const std::vector<Case>& cases) {
  std::vector<bench::EmitCase> out;
  for (const Case& c : cases) out.push_back({c.slug, c.file, c.kind == "cover"});
  return out;
}

fs::path ownTempDir() {
  std::string pattern = (fs::temp_directory_path() / "userimg-bench-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) std::exit(2);
  return pattern;
}

void clear(const fs::path& dir) {
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".v" || entry.path().stem() != "one") {
      fs::remove_all(entry.path());
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 7 && std::string(argv[1]) == "--child") {
    return runChild(argv[2], argv[3], argv[4], std::string(argv[5]) == "1", std::stoi(argv[6]));
  }
  if (argc == 3 && std::string(argv[1]) == "--fixtures") return bench::makeFixtures(argv[2]);
  int runs = 5;
  int threads = 1;
  fs::path dir, emit, older, newer, photos;
  bool siblings = false;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--siblings") siblings = true;
    if (i + 1 >= argc) break;
    if (flag == "--runs") runs = std::stoi(argv[++i]);
    if (flag == "--threads") threads = std::stoi(argv[++i]);
    if (flag == "--dir") dir = argv[++i];
    if (flag == "--emit") emit = argv[++i];
    if (flag == "--photos") photos = argv[++i];
    if (flag == "--compare" && i + 2 < argc) {
      older = argv[++i];
      newer = argv[++i];
    }
  }
  const bool ownDir = dir.empty();
  if (ownDir) dir = ownTempDir();
  const std::string self = fs::canonical("/proc/self/exe").string();
  const std::vector<Case> cases = casesIn(dir);
  // The fixtures are made in a child too: on Linux a child's maxrss starts
  // from its parent's, so the parent must stay small.
  if (!fs::exists(cases.back().file)) spawn({self, "--fixtures", dir.string()}, threads);
  std::cerr << "fixtures in " << dir << "\n";
  if (!emit.empty()) return bench::emitOutputs(emitCases(cases), emit);
  if (!newer.empty()) return bench::compareOutputs(emitCases(cases), older, newer);
  if (siblings) {
    // Real photographs besides the synthetic fixtures (bench/image_pipeline/run
    // takes them from Debian's python3-skimage), as profile images.
    std::vector<bench::EmitCase> all = emitCases(cases);
    if (!photos.empty()) {
      std::vector<fs::path> files;
      for (const auto& entry : fs::directory_iterator(photos)) files.push_back(entry.path());
      std::sort(files.begin(), files.end());
      for (const fs::path& file : files) all.push_back({file.stem().string(), file, false});
    }
    return bench::compareSiblingFormats(all, runs);
  }

  const fs::path work = dir / "work";
  const fs::path chain = dir / "chain";
  fs::create_directories(work);
  fs::create_directories(chain);
  std::printf(
      "| case | ours, main only (ms) | vipsthumbnail (ms) | ratio | main in-process (CPU ms) "
      "| + variants (CPU ms) | variants' share | vips chain (CPU ms) | ours / chain | peak RSS "
      "ours / vipsthumbnail (MB) | RSS growth in process() (MB) |\n"
      "|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (const Case& c : cases) {
    std::vector<double> ours, mainCpu, fullCpu, theirs, floorCpu, growth;
    long oursRss = 0, theirsRss = 0;
    for (int r = 0; r < runs; ++r) {
      Run main =
          spawn({self, "--child", c.kind, c.file, work, "0", std::to_string(threads)}, threads);
      double cpu = 0;
      long before = 0, hwm = 0;
      std::sscanf(main.output.c_str(), "%lf %ld %ld", &cpu, &before, &hwm);
      ours.push_back(main.wallMs);
      mainCpu.push_back(cpu);
      growth.push_back((hwm - before) / 1024.0);
      oursRss = std::max(oursRss, main.maxRssKb);
      Run full =
          spawn({self, "--child", c.kind, c.file, work, "1", std::to_string(threads)}, threads);
      std::sscanf(full.output.c_str(), "%lf", &cpu);
      fullCpu.push_back(cpu);
      Run vt = spawn({"vipsthumbnail", c.file.string() + c.options, "--size", c.size, "-o",
                      (work / c.output).string()},
                     threads);
      theirs.push_back(vt.wallMs);
      theirsRss = std::max(theirsRss, vt.maxRssKb);
      floorCpu.push_back(bench::floorCpuMs(c.floorOf, chain, threads));
      clear(work);
      clear(chain);
    }
    const double share = (median(fullCpu) - median(mainCpu)) / median(mainCpu);
    std::printf(
        "| %s | %.1f | %.1f | %.2f | %.1f | %.1f | %.0f %% | %.1f | %.2f | %.1f / %.1f | %.1f |\n",
        c.name.c_str(), median(ours), median(theirs), median(ours) / median(theirs),
        median(mainCpu), median(fullCpu), share * 100, median(floorCpu),
        median(fullCpu) / median(floorCpu), oursRss / 1024.0, theirsRss / 1024.0,
        *std::max_element(growth.begin(), growth.end()));
    std::fflush(stdout);
  }
  std::error_code ignored;
  if (ownDir) fs::remove_all(dir, ignored);
  return 0;
}
