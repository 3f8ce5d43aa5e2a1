// pipeline_rate: the upload ceiling of bench/run. The image pipeline alone
// (VipsImageProcessor::process(), as userimg-fcgi calls it for an upload),
// in-process, on one file, with the [images] settings of the same
// userimg.ini the server runs with (variants, quality, libvips threads), and
// as many calls at once as the server lets through ([images] concurrency,
// 0 = cores). No HTTP, FastCGI, multipart, database or storage.
//
//   userimg_pipeline_rate --config INI --kind profile|cover --file F
//                         [--seconds S] [--work DIR]
//
// Prints "images_per_s=<x> images=<n> seconds=<s> workers=<w>" on stdout.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "config/loader.h"
#include "image/vips_image_processor.h"

namespace fs = std::filesystem;
using userimg::core::ImageKind;

int main(int argc, char** argv) {
  std::map<std::string, std::string> args{{"--seconds", "10"}, {"--work", ""}};
  for (int i = 1; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
  if (!args.count("--config") || !args.count("--kind") || !args.count("--file")) {
    std::cerr << "usage: userimg_pipeline_rate --config INI --kind profile|cover --file F "
                 "[--seconds S] [--work DIR]\n";
    return 2;
  }
  auto config =
      userimg::config::loadConfig(args["--config"], userimg::config::processEnvironment(), false);
  if (!config) {
    std::cerr << config.status().toString() << "\n";
    return 1;
  }
  const userimg::config::ImagesConfig& images = config->images;
  if (auto ready = userimg::image::initImageLibrary(images); !ready.isOk()) {
    std::cerr << ready.toString() << "\n";
    return 1;
  }
  const userimg::image::VipsImageProcessor processor(images);
  const ImageKind kind = args["--kind"] == "cover" ? ImageKind::kCover : ImageKind::kProfile;
  const int workers = images.concurrency > 0
                          ? images.concurrency
                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const fs::path work =
      args["--work"].empty() ? fs::temp_directory_path() : fs::path(args["--work"]);
  const double seconds = std::stod(args["--seconds"]);

  std::atomic<long> done{0};
  std::atomic<bool> failed{false};
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::duration<double>(seconds);
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      const fs::path dir = work / ("rate-" + std::to_string(w));
      while (std::chrono::steady_clock::now() < deadline && !failed) {
        fs::create_directories(dir);
        auto result = processor.process(kind, args["--file"], dir);
        if (!result) {
          std::cerr << result.status().toString() << "\n";
          failed = true;
        } else {
          ++done;
        }
        fs::remove_all(dir);
      }
    });
  }
  for (auto& t : threads) t.join();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (failed) return 1;
  std::printf("images_per_s=%.3f images=%ld seconds=%.2f workers=%d\n", done / elapsed, done.load(),
              elapsed, workers);
  return 0;
}
