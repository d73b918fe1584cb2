# kforge_add_kernels(): emit tuned KernelForge kernels at build time and link them into a target.
# Part of the installed KernelForge CMake package (included by KernelForgeConfig.cmake, which
# defines the imported executable KernelForge::kforge that this function runs).

include_guard(GLOBAL)

# kforge_add_kernels(<target>
#                    SHAPES <shape file or descriptor>...
#                    DB <tuning database>
#                    [NAME <libname>] [OP <op>] [THREADS <n>] [TARGETS <Halide target>...])
#
# Adds a build step that runs
#
#   kforge emit --db <db> --out <current binary dir>/<libname> --name <libname>
#               [--op <op>] [--threads <n>] [--target <T1,T2,...>] <shapes>...
#
# and links the result into <target> (an existing executable or library): <target> gets the
# static library lib<libname>.a (all kernels plus the Halide runtime), the include directory
# holding <libname>.h and HalideRuntime.h (#include "<libname>.h"), and Threads::Threads and
# ${CMAKE_DL_LIBS} (-lpthread -ldl, for the Halide runtime). The kernels are emitted again
# whenever the database, a shape file or the kforge executable changes.
#
#   SHAPES   benchdnn descriptors (e.g. "mb1ic16ih12oc24kh3ph1_bia_relu_n\"block1\"") and/or
#            shape files, one workload each line. An entry naming an existing file (absolute, or
#            relative to the current source directory) is a shape file and a dependency of the
#            build step; any other entry is passed to kforge as a descriptor. Each workload
#            becomes the C function <libname>_<layer name> (<libname>_<op><index> for a
#            workload without a name); the header documents the shapes and layout of each.
#   DB       the tuning database (`kforge tune <shapes> --db <db>`), relative to the current
#            source directory unless absolute. It must exist when CMake configures (or be the
#            OUTPUT of a custom command in the same directory). A workload that has no record
#            in it for the target and thread count gets its template's baseline schedule, with
#            a warning from kforge at build time.
#   NAME     the library name, a C identifier (default: <target>_kernels made a C identifier).
#            It prefixes every function and macro in the header.
#   OP       the op of descriptors without an "<op>:" prefix (kforge's --op; default conv).
#   THREADS  use the records tuned with <n> threads (kforge emit --threads; default 1).
#   TARGETS  Halide target strings (e.g. x86-64-linux-avx2-fma-f16c-sse41; default "host": the
#            CPU features of the machine that builds, which the machine that runs then needs
#            too). With several (of one architecture), every kernel is compiled for each and
#            the library picks at run time the first whose CPU features the CPU has (kforge
#            emit --target T1,T2,...; the one with the fewest features is the fallback).
#
# Defines the targets kforge_<libname> (an imported static library: link it into other targets
# too) and kforge_<libname>_emit (the build step).
#
# Example:
#   find_package(KernelForge REQUIRED)
#   add_executable(app main.c)
#   kforge_add_kernels(app SHAPES layers.txt DB ${KERNEL_DB} NAME app_kernels)
function(kforge_add_kernels target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "DB;NAME;OP;THREADS" "SHAPES;TARGETS")
  string(CONCAT usage "usage: kforge_add_kernels(<target> SHAPES <file or descriptor>... "
                "DB <db> [NAME <libname>] [OP <op>] [THREADS <n>] [TARGETS <Halide target>...])")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR
            "kforge_add_kernels: unexpected arguments '${arg_UNPARSED_ARGUMENTS}'\n${usage}")
  endif()
  if(NOT TARGET "${target}")
    message(FATAL_ERROR "kforge_add_kernels: '${target}' is not a target: create it with "
                        "add_executable() or add_library() first\n${usage}")
  endif()
  if(NOT arg_SHAPES)
    message(FATAL_ERROR "kforge_add_kernels: SHAPES is required (one or more shape files or "
                        "descriptors) for target '${target}'\n${usage}")
  endif()
  if(NOT arg_DB)
    message(FATAL_ERROR "kforge_add_kernels: DB is required (the tuning database written by "
                        "`kforge tune ... --db <db>`) for target '${target}'\n${usage}")
  endif()
  if(NOT TARGET KernelForge::kforge)
    message(FATAL_ERROR "kforge_add_kernels: KernelForge::kforge is not defined here: call "
                        "find_package(KernelForge REQUIRED) in this directory or a parent")
  endif()

  if(DEFINED arg_NAME)
    set(name "${arg_NAME}")
  else()
    string(MAKE_C_IDENTIFIER "${target}_kernels" name)
  endif()
  string(MAKE_C_IDENTIFIER "${name}" name_identifier)
  if(NOT name STREQUAL name_identifier)
    message(FATAL_ERROR "kforge_add_kernels: NAME must be a C identifier (letters, digits, "
                        "'_', not starting with a digit), got '${name}'")
  endif()
  if(TARGET "kforge_${name}")
    message(FATAL_ERROR "kforge_add_kernels: kernels named '${name}' were already added: give "
                        "this call another NAME, or link the existing target kforge_${name}")
  endif()

  get_filename_component(db "${arg_DB}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  get_source_file_property(db_generated "${db}" GENERATED)
  if(NOT EXISTS "${db}" AND NOT db_generated)
    message(FATAL_ERROR "kforge_add_kernels: DB '${db}' does not exist: tune the workloads "
                        "first (kforge tune <shapes> --db ${db})")
  endif()

  set(options --db "${db}")
  if(DEFINED arg_OP)
    list(APPEND options --op "${arg_OP}")
  endif()
  if(DEFINED arg_THREADS)
    if(NOT arg_THREADS MATCHES "^[1-9][0-9]*$")
      message(FATAL_ERROR
              "kforge_add_kernels: THREADS must be a positive integer, got '${arg_THREADS}'")
    endif()
    list(APPEND options --threads "${arg_THREADS}")
  endif()
  if(arg_TARGETS)
    list(JOIN arg_TARGETS "," halide_targets)
    list(APPEND options --target "${halide_targets}")
  endif()

  set(shape_files "")
  set(workloads "")
  foreach(shape IN LISTS arg_SHAPES)
    get_filename_component(path "${shape}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    if(EXISTS "${path}" AND NOT IS_DIRECTORY "${path}")
      list(APPEND shape_files "${path}")
      list(APPEND workloads "${path}")
    else()
      list(APPEND workloads "${shape}")
    endif()
  endforeach()

  set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/${name}")
  set(library "${out_dir}/lib${name}.a")
  set(header "${out_dir}/${name}.h")
  # An imported target's include directory must exist when CMake generates the build system.
  file(MAKE_DIRECTORY "${out_dir}")
  add_custom_command(
    OUTPUT "${library}" "${header}" "${out_dir}/HalideRuntime.h"
    COMMAND KernelForge::kforge emit ${options} --out "${out_dir}" --name "${name}" ${workloads}
    DEPENDS "${db}" ${shape_files} "$<TARGET_FILE:KernelForge::kforge>"
    COMMENT "kforge emit: lib${name}.a and ${name}.h for ${target}"
    VERBATIM)
  add_custom_target("kforge_${name}_emit" DEPENDS "${library}" "${header}")

  add_library("kforge_${name}" STATIC IMPORTED GLOBAL)
  set(link_libraries Threads::Threads ${CMAKE_DL_LIBS})
  set_target_properties("kforge_${name}" PROPERTIES
    IMPORTED_LOCATION "${library}"
    INTERFACE_INCLUDE_DIRECTORIES "${out_dir}"
    INTERFACE_LINK_LIBRARIES "${link_libraries}")
  add_dependencies("kforge_${name}" "kforge_${name}_emit")

  get_target_property(target_type "${target}" TYPE)
  if(target_type STREQUAL "INTERFACE_LIBRARY")
    target_link_libraries("${target}" INTERFACE "kforge_${name}")
  else()
    target_link_libraries("${target}" PRIVATE "kforge_${name}")
  endif()
endfunction()
