# Build and git information compiled into zipp (core/build_info.h). A custom target regenerates
# the source on every build but rewrites it only when something changed, so a new commit costs one
# small recompile and an unchanged tree costs nothing.
set(ZIPP_BUILD_INFO_CC ${CMAKE_BINARY_DIR}/generated/build_info_data.cc)
add_custom_target(zipp_build_info_gen
  COMMAND ${CMAKE_COMMAND}
    -DSOURCE_DIR=${CMAKE_SOURCE_DIR} -DOUTPUT=${ZIPP_BUILD_INFO_CC}
    -DVERSION=${PROJECT_VERSION} -DBUILD_TYPE=${CMAKE_BUILD_TYPE}
    "-DCOMPILER=${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION}"
    -DTORCH_VERSION=${Torch_VERSION} -DMPI_VERSION=${MPI_C_VERSION}
    -DHDF5_VERSION=${HDF5_VERSION} -DNCCL=${ZIPP_HAVE_NCCL} -DNCCL_VERSION=${NCCL_VERSION}
    -P ${CMAKE_SOURCE_DIR}/cmake/ZippWriteBuildInfo.cmake
  BYPRODUCTS ${ZIPP_BUILD_INFO_CC}
  COMMENT "Checking build info"
  VERBATIM)
