// `threads = N` must give N busy threads, not 2N: LibTorch's OpenMP pool and the
// OpenMP build of OpenBLAS share one pool. We count the OS threads of this process
// that accumulate CPU time during a BLAS-heavy matrix product and an OpenMP loop.
#include <ATen/ATen.h>
#include <dirent.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "bbg/core/threads.hpp"

namespace bbg {
namespace {

// thread id -> user + system clock ticks, from /proc/self/task/<tid>/stat
std::map<int, long> thread_cpu_ticks() {
  std::map<int, long> ticks;
  DIR* dir = opendir("/proc/self/task");
  if (!dir) return ticks;
  while (dirent* e = readdir(dir)) {
    if (e->d_name[0] == '.') continue;
    std::ifstream f(std::string("/proc/self/task/") + e->d_name + "/stat");
    std::string line;
    std::getline(f, line);
    const auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    std::string field;
    long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
      if (i == 14) utime = std::stol(field);
      if (i == 15) stime = std::stol(field);
    }
    ticks[std::atoi(e->d_name)] = utime + stime;
  }
  closedir(dir);
  return ticks;
}

int busy_threads_during(const std::function<void()>& work) {
  const auto before = thread_cpu_ticks();
  work();
  const auto after = thread_cpu_ticks();
  int busy = 0;
  for (const auto& [tid, t] : after) {
    auto it = before.find(tid);
    if (t - (it == before.end() ? 0 : it->second) >= 5) ++busy;  // >= 50 ms of CPU time
  }
  return busy;
}

void heavy_work() {
  at::Tensor a = at::randn({700, 700}, at::kDouble);
  for (int i = 0; i < 12; ++i) a = at::matmul(a, a) / 700.0;
  std::vector<double> sink(64);
  parallel_for_each(64, [&](int64_t i) {
    double s = 0;
    for (int k = 0; k < 3000000; ++k) s += 1e-9 * k * (i + 1);
    sink[i] = s;
  });
}

TEST(Threads, RequestedThreadsAreTheBusyThreads) {
  for (int64_t n : {1, 2}) {
    set_threads(n);
    heavy_work();  // warm the pools
    const int busy = busy_threads_during(heavy_work);
    EXPECT_GE(busy, 1);
    EXPECT_LE(busy, n) << "threads = " << n << " but " << busy << " threads were busy";
  }
  set_threads(1);
}

}  // namespace
}  // namespace bbg
