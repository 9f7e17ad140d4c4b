// Heap settings for the LibTorch CPU workloads of bbg.
//
// glibc hands large freed blocks back to the kernel; float64 convolutions on
// CPU allocate im2col buffers of up to a few hundred MB per call, so every
// training step and sampling batch then page-faults them back in (measured:
// 2-3.6x slower training and up to 2.8x slower sampling at batch x sites >=
// 65536, BENCHMARKS.md). Keeping a 1 GiB top pad (M_TOP_PAD) avoids it and does
// not change any number. An explicit MALLOC_TOP_PAD_ in the environment wins.
#pragma once

namespace bbg {

// Call once at program start-up, before the first large allocation.
// Returns true when it changed the allocator (glibc, no MALLOC_TOP_PAD_ set).
bool configure_allocator();

}  // namespace bbg
