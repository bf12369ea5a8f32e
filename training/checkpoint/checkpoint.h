// The checkpoint API in one include (docs/training.md "Checkpoints and stopping"): saving and
// listing (checkpoint_store.h), file names (checkpoint_layout.h), verification
// (checkpoint_manifest.h), choosing where to resume (resume.h) and loading (load_checkpoint.h,
// checkpoint_state.h).
#pragma once

#include "training/checkpoint/checkpoint_layout.h"    // IWYU pragma: export
#include "training/checkpoint/checkpoint_manifest.h"  // IWYU pragma: export
#include "training/checkpoint/checkpoint_state.h"     // IWYU pragma: export
#include "training/checkpoint/checkpoint_store.h"     // IWYU pragma: export
#include "training/checkpoint/load_checkpoint.h"      // IWYU pragma: export
#include "training/checkpoint/resume.h"               // IWYU pragma: export
