# LibTorch's headers dominate zipp's compile time (one <torch/torch.h> costs about 20 s on this
# machine, the narrow <ATen/core/Tensor.h> about 5 s). Sources include the narrowest headers they
# need; on top of that, zipp_torch_pch(target SOURCES ...) precompiles the common LibTorch and
# standard headers once per target for the listed sources only: loading a precompiled header
# costs the other sources time (measured: the whole of zipp_core on the PCH built slower than
# without it, docs/building.md). Call it after all of the target's sources are added. Extra
# headers a module needs often (torch/nn) go in HEADERS.
option(ZIPP_USE_PCH "Precompile the LibTorch headers of targets that use them" ON)

set(ZIPP_TORCH_PCH_HEADERS
  <ATen/core/Tensor.h> <c10/core/ScalarType.h> <c10/core/TensorOptions.h>
  <cstdint> <filesystem> <functional> <memory> <optional> <string> <string_view> <vector>)

function(zipp_torch_pch target)
  cmake_parse_arguments(P "" "" "SOURCES;HEADERS" ${ARGN})
  if(NOT ZIPP_USE_PCH)
    return()
  endif()
  target_precompile_headers(${target} PRIVATE ${ZIPP_TORCH_PCH_HEADERS} ${P_HEADERS})
  get_target_property(_sources ${target} SOURCES)
  foreach(_source IN LISTS _sources)
    if(NOT _source IN_LIST P_SOURCES)
      set_source_files_properties(${_source} TARGET_DIRECTORY ${target}
                                  PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
    endif()
  endforeach()
endfunction()
