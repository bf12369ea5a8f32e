# Language level, warnings and compiler launcher shared by every zipp target.
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)

if(ZIPP_USE_CCACHE)
  find_program(ZIPP_CCACHE ccache)
  if(ZIPP_CCACHE)
    # Precompiled headers and ccache only cooperate when ccache ignores the PCH's timestamps.
    set(_zipp_ccache ${CMAKE_COMMAND} -E env
        "CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime" ${ZIPP_CCACHE})
    set(CMAKE_C_COMPILER_LAUNCHER ${_zipp_ccache})
    set(CMAKE_CXX_COMPILER_LAUNCHER ${_zipp_ccache})
  endif()
endif()

# zipp_warnings: an interface target every zipp library and executable links, so third-party
# headers (included as SYSTEM) stay quiet while our own code is held to -Wall -Wextra.
add_library(zipp_warnings INTERFACE)
target_compile_options(zipp_warnings INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor -Wno-unused-parameter>)

# Link a shared library only when something uses it, so a program that needs no LibTorch symbol
# does not pay LibTorch's load time at start-up.
add_link_options(LINKER:--as-needed)
