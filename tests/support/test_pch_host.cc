// The host of the test executables' precompiled header (cmake/ZippTesting.cmake, zipp_test_pch):
// CMake builds the header with this target and every test reuses it. It has no tests of its own.
