// image_pipeline_bench: the time and peak memory of VipsImageProcessor on a
// few realistic uploads, each compared in the same run with Debian's
// vipsthumbnail doing the equivalent resize of the same file.
//
//   userimg_image_bench [--runs N] [--threads T] [--dir DIR]
//
// Every measurement is a child process (this program with --child, or
// vipsthumbnail), so that peak memory (getrusage maxrss of the child, and
// VmHWM minus the VmRSS before process() inside ours) is one image's alone.
// Both sides get T libvips threads (default 1, the service's default). The
// table printed is Markdown, ready for bench/README.md.

#include <spawn.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vips/vips.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "image/vips_image_processor.h"

namespace {

namespace fs = std::filesystem;
using userimg::core::ImageKind;
extern "C" char** environ;

long statusKb(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::string(field).size()));
  }
  return -1;
}

// One process() call; prints "<ms> <VmRSS before, kB> <VmHWM after, kB>".
int runChild(const std::string& kind, const fs::path& file, const fs::path& workDir, bool variants,
             int threads) {
  userimg::config::ImagesConfig config;
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
  const auto start = std::chrono::steady_clock::now();
  auto result =
      processor.process(kind == "cover" ? ImageKind::kCover : ImageKind::kProfile, file, workDir);
  const std::chrono::duration<double, std::milli> elapsed =
      std::chrono::steady_clock::now() - start;
  if (!result) {
    std::cerr << result.status().toString() << "\n";
    return 1;
  }
  std::printf("%.2f %ld %ld\n", elapsed.count(), before, statusKb("VmHWM:"));
  return 0;
}

struct Run {
  double wallMs = 0;
  long maxRssKb = 0;
  std::string output;  // the child's standard output
};

// Runs argv to completion with VIPS_CONCURRENCY set; wall time and maxrss.
Run spawn(const std::vector<std::string>& args, int threads) {
  std::vector<char*> argv;
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  std::vector<std::string> env = {"VIPS_CONCURRENCY=" + std::to_string(threads)};
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::string(*e).rfind("VIPS_", 0) != 0) env.emplace_back(*e);
  }
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);

  int pipeFds[2];
  if (::pipe(pipeFds) != 0) std::exit(2);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipeFds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipeFds[0]);
  const auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  if (posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), envp.data()) != 0) {
    std::cerr << "cannot run " << args[0] << "\n";
    std::exit(2);
  }
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipeFds[1]);
  Run run;
  char buffer[256];
  ssize_t n;
  while ((n = ::read(pipeFds[0], buffer, sizeof buffer)) > 0) run.output.append(buffer, n);
  ::close(pipeFds[0]);
  int status = 0;
  rusage usage{};
  ::wait4(pid, &status, 0, &usage);
  run.wallMs =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::cerr << args[0] << " " << (args.size() > 1 ? args[1] : "") << " failed\n";
    std::exit(2);
  }
  run.maxRssKb = usage.ru_maxrss;
  return run;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// --- fixtures: noise over gradients, so encoders have realistic work ---

VipsImage* check(int failed, VipsImage* image) {
  if (failed != 0) {
    std::cerr << "fixture: " << vips_error_buffer() << "\n";
    std::exit(2);
  }
  return image;
}

VipsImage* texture(VipsObject* scope, int width, int height, int bands) {
  VipsImage** t = reinterpret_cast<VipsImage**>(vips_object_local_array(scope, 12));
  check(vips_xyz(&t[0], width, height, nullptr), t[0]);
  check(vips_extract_band(t[0], &t[1], 0, nullptr), t[1]);
  check(vips_extract_band(t[0], &t[2], 1, nullptr), t[2]);
  check(vips_linear1(t[1], &t[3], 255.0 / width, 0, nullptr), t[3]);
  check(vips_linear1(t[2], &t[4], 255.0 / height, 0, nullptr), t[4]);
  // Stripes: the sine of (x + y), 17 periods across, for edges to encode.
  check(vips_add(t[3], t[4], &t[5], nullptr), t[5]);
  check(vips_linear1(t[5], &t[6], 12.0, 0, nullptr), t[6]);
  check(vips_math(t[6], &t[7], VIPS_OPERATION_MATH_SIN, nullptr), t[7]);
  check(vips_linear1(t[7], &t[8], 60.0, 128.0, nullptr), t[8]);
  VipsImage* planes[] = {t[3], t[4], t[8], t[3]};
  check(vips_bandjoin(planes, &t[9], bands, nullptr), t[9]);
  check(vips_gaussnoise(&t[10], width, height, "sigma", 25.0, nullptr), t[10]);
  check(vips_add(t[9], t[10], &t[11], nullptr), t[11]);
  VipsImage* out = nullptr;
  VipsImage* cast = nullptr;
  check(vips_cast_uchar(t[11], &cast, nullptr), cast);
  check(vips_copy(cast, &out, "interpretation", VIPS_INTERPRETATION_sRGB, nullptr), out);
  g_object_unref(cast);
  vips_object_local(scope, out);
  return out;
}

void makeFixture(const fs::path& file, int width, int height, int bands, int frames = 1) {
  VipsObject* scope = VIPS_OBJECT(vips_image_new());
  VipsImage* image = texture(scope, width, height * frames, bands);
  if (frames > 1) {
    VipsImage* copy = nullptr;
    check(vips_copy(image, &copy, nullptr), copy);
    vips_object_local(scope, copy);
    vips_image_set_int(copy, "page-height", height);
    std::vector<int> delays(frames, 80);
    vips_image_set_array_int(copy, "delay", delays.data(), frames);
    image = copy;
  }
  if (vips_image_write_to_file(image, file.c_str(), nullptr) != 0) check(-1, nullptr);
  g_object_unref(scope);
}

int makeFixtures(const fs::path& dir) {
  if (VIPS_INIT("userimg_image_bench") != 0) return 2;
  makeFixture(dir / "jpeg-0.3mp.jpg", 640, 480, 3);
  makeFixture(dir / "jpeg-2mp.jpg", 1632, 1224, 3);
  makeFixture(dir / "jpeg-12mp.jpg", 4000, 3000, 3);
  makeFixture(dir / "png-alpha-2mp.png", 1632, 1224, 4);
  makeFixture(dir / "gif-anim-20f.gif", 480, 360, 3, 20);
  return 0;
}

struct Case {
  std::string name;
  fs::path file;
  std::string kind;     // "profile" or "cover"
  std::string size;     // vipsthumbnail --size for the same bound
  std::string output;   // vipsthumbnail output, same encoder options as ours
  std::string options;  // input options for vipsthumbnail ("[n=-1]")
};

}  // namespace

int main(int argc, char** argv) {
  if (argc == 7 && std::string(argv[1]) == "--child") {
    return runChild(argv[2], argv[3], argv[4], std::string(argv[5]) == "1", std::stoi(argv[6]));
  }
  if (argc == 3 && std::string(argv[1]) == "--fixtures") return makeFixtures(argv[2]);
  int runs = 5;
  int threads = 1;
  fs::path dir;
  bool ownDir = false;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--runs") runs = std::stoi(argv[i + 1]);
    if (flag == "--threads") threads = std::stoi(argv[i + 1]);
    if (flag == "--dir") dir = argv[i + 1];
  }
  if (dir.empty()) {
    std::string pattern = (fs::temp_directory_path() / "userimg-bench-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) return 2;
    dir = pattern;
    ownDir = true;
  }
  const fs::path work = dir / "work";
  fs::create_directories(work);
  std::cerr << "fixtures in " << dir << "\n";
  const std::string self = fs::canonical("/proc/self/exe").string();
  // The fixtures are made in a child too: on Linux a child's maxrss starts
  // from its parent's, so the parent must stay small.
  spawn({self, "--fixtures", dir.string()}, threads);

  const std::string jpegOut = "[Q=85,interlace,optimize_coding,strip]";
  const std::vector<Case> cases = {
      {"JPEG 0.3 MP (640x480), profile", dir / "jpeg-0.3mp.jpg", "profile", "1024x1024>",
       "vt.jpg" + jpegOut, ""},
      {"JPEG 2 MP (1632x1224), profile", dir / "jpeg-2mp.jpg", "profile", "1024x1024>",
       "vt.jpg" + jpegOut, ""},
      {"JPEG 12 MP (4000x3000), profile", dir / "jpeg-12mp.jpg", "profile", "1024x1024>",
       "vt.jpg" + jpegOut, ""},
      {"JPEG 12 MP (4000x3000), cover", dir / "jpeg-12mp.jpg", "cover", "2560x>",
       "vt.jpg" + jpegOut, ""},
      {"PNG RGBA 2 MP (1632x1224), profile", dir / "png-alpha-2mp.png", "profile", "1024x1024>",
       "vt.png[strip]", ""},
      {"GIF 480x360, 20 frames, profile", dir / "gif-anim-20f.gif", "profile", "1024x1024>",
       "vt.gif[strip]", "[n=-1]"},
  };

  std::printf(
      "| case | ours, main only (ms) | vipsthumbnail (ms) | ratio | ours in-process (ms) "
      "| ours + variants (ms) | peak RSS ours / vipsthumbnail (MB) | RSS growth in "
      "process() (MB) |\n|---|---|---|---|---|---|---|---|\n");
  for (const Case& c : cases) {
    std::vector<double> ours, oursInProcess, oursFull, theirs, growth;
    long oursRss = 0, theirsRss = 0;
    for (int r = 0; r < runs; ++r) {
      Run main =
          spawn({self, "--child", c.kind, c.file, work, "0", std::to_string(threads)}, threads);
      double ms = 0;
      long before = 0, hwm = 0;
      std::sscanf(main.output.c_str(), "%lf %ld %ld", &ms, &before, &hwm);
      ours.push_back(main.wallMs);
      oursInProcess.push_back(ms);
      growth.push_back((hwm - before) / 1024.0);
      oursRss = std::max(oursRss, main.maxRssKb);
      Run full =
          spawn({self, "--child", c.kind, c.file, work, "1", std::to_string(threads)}, threads);
      oursFull.push_back(full.wallMs);
      Run vt = spawn({"vipsthumbnail", c.file.string() + c.options, "--size", c.size, "-o",
                      (work / c.output).string()},
                     threads);
      theirs.push_back(vt.wallMs);
      theirsRss = std::max(theirsRss, vt.maxRssKb);
      for (const auto& entry : fs::directory_iterator(work)) fs::remove(entry.path());
    }
    std::printf("| %s | %.1f | %.1f | %.2f | %.1f | %.1f | %.1f / %.1f | %.1f |\n", c.name.c_str(),
                median(ours), median(theirs), median(ours) / median(theirs), median(oursInProcess),
                median(oursFull), oursRss / 1024.0, theirsRss / 1024.0,
                *std::max_element(growth.begin(), growth.end()));
    std::fflush(stdout);
  }
  std::error_code ignored;
  if (ownDir) fs::remove_all(dir, ignored);
  return 0;
}
