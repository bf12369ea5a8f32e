# Third-party dependencies. Every one comes from Debian 12 (scripts/bootstrap installs them) except
# CUDA and NCCL, which are optional: the NCCL backend is compiled only when both are found.
find_package(Threads REQUIRED)
find_package(MPI REQUIRED COMPONENTS C)
find_package(Torch REQUIRED)
find_package(HDF5 REQUIRED COMPONENTS C)
find_package(yaml-cpp REQUIRED)
find_package(Boost REQUIRED COMPONENTS program_options)
find_package(nlohmann_json REQUIRED)
find_package(METIS)
# Pushshift dump ingest (graph/ingest): gzip and long-window zstd decoding, NDJSON parsing.
find_package(ZLIB REQUIRED)
find_package(zstd REQUIRED CONFIG)
find_package(simdjson REQUIRED CONFIG)
# The OpenAI-compatible LLM client (verbalize/llm): HTTP POSTs to a chat-completions server.
find_package(CURL REQUIRED)

# LibTorch's imported target lists its include folders as ordinary ones; mark them SYSTEM so our
# warning flags do not report on its headers.
get_target_property(_zipp_torch_includes torch INTERFACE_INCLUDE_DIRECTORIES)
if(_zipp_torch_includes)
  set_property(TARGET torch APPEND PROPERTY INTERFACE_SYSTEM_INCLUDE_DIRECTORIES ${_zipp_torch_includes})
endif()

# hdf5: one imported target for the C library, whatever the HDF5 find module provided.
if(NOT TARGET zipp_hdf5)
  add_library(zipp_hdf5 INTERFACE)
  target_include_directories(zipp_hdf5 SYSTEM INTERFACE ${HDF5_C_INCLUDE_DIRS} ${HDF5_INCLUDE_DIRS})
  target_link_libraries(zipp_hdf5 INTERFACE ${HDF5_C_LIBRARIES})
  target_compile_definitions(zipp_hdf5 INTERFACE ${HDF5_C_DEFINITIONS} ${HDF5_DEFINITIONS})
endif()

set(ZIPP_HAVE_NCCL OFF)
if(ZIPP_WITH_NCCL)
  find_package(CUDAToolkit QUIET)
  if(CUDAToolkit_FOUND)
    find_package(NCCL)
  endif()
  if(CUDAToolkit_FOUND AND NCCL_FOUND)
    set(ZIPP_HAVE_NCCL ON)
  else()
    message(STATUS "NCCL backend left out (CUDA toolkit found: ${CUDAToolkit_FOUND}, NCCL found: ${NCCL_FOUND})")
  endif()
endif()
# Generated images (generation/image): PNG encoding and decoding.
find_package(PNG REQUIRED)
