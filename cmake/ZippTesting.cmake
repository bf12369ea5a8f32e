# Test registration helpers, in the spirit of GROMACS's gmx_add_mpi_unit_test.
#
#   zipp_add_gtest(NAME n SOURCES ... LIBS ... [LABELS unit] [TIMEOUT s])
#       one GoogleTest executable, run whole as one CTest test: starting a process that loads
#       LibTorch costs about a second, which per-case registration would pay hundreds of times.
#       --output-on-failure shows GoogleTest's report of the failing cases.
#   zipp_add_mpi_gtest(NAME n SOURCES ... LIBS ... RANKS 2 4 [TIMEOUT s])
#       one GoogleTest executable run whole under mpiexec once per rank count (label mpi),
#       oversubscribed so 4 ranks run on a 2-core machine.
#
# Every test executable compiles at -O1 (the code under test is in the -O3 libraries; the tests'
# own code gains little from -O3 and costs a fifth more to compile) and, with ZIPP_USE_PCH, reuses
# one precompiled header of GoogleTest, the common ATen headers and the standard library, built
# once by the target zipp_test_pch: a test source that uses tensors compiles in about half the
# time, one that does not loses about a second (docs/building.md).
find_package(GTest REQUIRED)

# GCC 12 at -O1 reports false -Warray-bounds and -Wstringop-overread inside libstdc++'s string
# code (GCC bug 105651); the libraries, built at -O3, keep both warnings.
set(ZIPP_TEST_COMPILE_OPTIONS -O1 -Wno-array-bounds -Wno-stringop-overread)
if(ZIPP_USE_PCH)
  add_executable(zipp_test_pch ${PROJECT_SOURCE_DIR}/tests/support/test_pch_host.cc)
  target_link_libraries(zipp_test_pch PRIVATE zipp_core GTest::gtest GTest::gtest_main zipp_warnings)
  target_compile_definitions(zipp_test_pch PRIVATE ZIPP_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  target_compile_options(zipp_test_pch PRIVATE ${ZIPP_TEST_COMPILE_OPTIONS})
  target_precompile_headers(zipp_test_pch PRIVATE <gtest/gtest.h> ${ZIPP_TORCH_PCH_HEADERS}
                            <ATen/TensorOperators.h>)
endif()

# What every test executable shares: the optimization level, the source-dir definition and the
# precompiled header.
function(zipp_test_compile_setup target)
  target_compile_definitions(${target} PRIVATE ZIPP_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  target_compile_options(${target} PRIVATE ${ZIPP_TEST_COMPILE_OPTIONS})
  if(ZIPP_USE_PCH)
    target_precompile_headers(${target} REUSE_FROM zipp_test_pch)
  endif()
endfunction()

# Open MPI refuses to start as root unless told; CI and containers run as root.
set(ZIPP_MPI_TEST_ENV
    OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_btl_vader_single_copy_mechanism=none
    ZIPP_LOG_LEVEL=warn)
set(ZIPP_MPIEXEC ${MPIEXEC_EXECUTABLE} ${MPIEXEC_PREFLAGS})

function(zipp_add_gtest)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  if(NOT T_LABELS)
    set(T_LABELS unit)
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  add_executable(${T_NAME} ${T_SOURCES})
  # zipp_core (and with it LibTorch's definitions) for every test, so the shared precompiled
  # header applies to tests that only start programs, too.
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} zipp_core GTest::gtest GTest::gtest_main
                                          zipp_warnings)
  zipp_test_compile_setup(${T_NAME})
  add_test(NAME ${T_NAME} COMMAND ${T_NAME} --gtest_brief=1)
  set_tests_properties(${T_NAME} PROPERTIES
    LABELS "${T_LABELS}" TIMEOUT ${T_TIMEOUT} ENVIRONMENT "${ZIPP_MPI_TEST_ENV}")
endfunction()

# MPI test executables bring their own main (tests/mpi_test_main.cc) that starts MPI.
function(zipp_add_mpi_gtest)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;RANKS;LABELS" ${ARGN})
  if(NOT T_RANKS)
    set(T_RANKS 2 4)
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 180)
  endif()
  add_executable(${T_NAME} ${T_SOURCES} ${PROJECT_SOURCE_DIR}/tests/mpi_test_main.cc)
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} zipp_core GTest::gtest zipp_warnings MPI::MPI_C)
  zipp_test_compile_setup(${T_NAME})
  foreach(n IN LISTS T_RANKS)
    add_test(NAME ${T_NAME}.np${n}
             COMMAND ${ZIPP_MPIEXEC} ${MPIEXEC_NUMPROC_FLAG} ${n} $<TARGET_FILE:${T_NAME}>)
    set_tests_properties(${T_NAME}.np${n} PROPERTIES
      LABELS "mpi;${T_LABELS}" TIMEOUT ${T_TIMEOUT} PROCESSORS 2
      ENVIRONMENT "${ZIPP_MPI_TEST_ENV}")
  endforeach()
endfunction()
