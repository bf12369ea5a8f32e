# FindMETIS: the METIS graph partitioner (Debian's libmetis-dev is 5.1.0 with 32-bit idx_t).
#
# Defines METIS_FOUND, METIS_VERSION, METIS_IDX_WIDTH (bits of idx_t, 32 or 64), METIS_INCLUDE_DIR,
# METIS_LIBRARY and the imported target METIS::METIS.
find_path(METIS_INCLUDE_DIR metis.h HINTS ${METIS_ROOT} $ENV{METIS_ROOT} PATH_SUFFIXES include include/metis)
find_library(METIS_LIBRARY metis HINTS ${METIS_ROOT} $ENV{METIS_ROOT} PATH_SUFFIXES lib lib64)

if(METIS_INCLUDE_DIR AND EXISTS "${METIS_INCLUDE_DIR}/metis.h")
  file(STRINGS "${METIS_INCLUDE_DIR}/metis.h" _metis_lines
       REGEX "^#define (METIS_VER_(MAJOR|MINOR|SUBMINOR)|IDXTYPEWIDTH) ")
  foreach(_part MAJOR MINOR SUBMINOR)
    string(REGEX REPLACE ".*#define METIS_VER_${_part} +([0-9]+).*" "\\1" _metis_${_part} "${_metis_lines}")
  endforeach()
  string(REGEX REPLACE ".*#define IDXTYPEWIDTH +([0-9]+).*" "\\1" METIS_IDX_WIDTH "${_metis_lines}")
  set(METIS_VERSION "${_metis_MAJOR}.${_metis_MINOR}.${_metis_SUBMINOR}")
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(METIS REQUIRED_VARS METIS_LIBRARY METIS_INCLUDE_DIR VERSION_VAR METIS_VERSION)

if(METIS_FOUND AND NOT TARGET METIS::METIS)
  add_library(METIS::METIS UNKNOWN IMPORTED)
  set_target_properties(METIS::METIS PROPERTIES
    IMPORTED_LOCATION "${METIS_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${METIS_INCLUDE_DIR}")
endif()
mark_as_advanced(METIS_INCLUDE_DIR METIS_LIBRARY)
