# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
# The tree is formatted: clang-format (the project's .clang-format) would change no C++ file under
# app/ core/ ui/ tests/ (the planted fixtures aside).
# cmake -DSOURCE_DIR=... -DCLANG_FORMAT=... -P check_format.cmake
file(GLOB_RECURSE files "${SOURCE_DIR}/*.h" "${SOURCE_DIR}/*.cpp")
list(FILTER files EXCLUDE REGEX "^${SOURCE_DIR}/(build|\\.git|tests/arch/[a-z_]*fixture)/")
list(LENGTH files count)
if(count EQUAL 0)
    message(FATAL_ERROR "no C++ files under ${SOURCE_DIR}")
endif()
# --style=file looks for .clang-format upwards from each file; the fixture has its own copy.
execute_process(COMMAND "${CLANG_FORMAT}" --dry-run --Werror --style=file ${files}
                RESULT_VARIABLE rc ERROR_VARIABLE diff)
if(NOT rc EQUAL 0)
    string(REGEX MATCHALL "[^\n]*: error: code should be clang-formatted" where "${diff}")
    list(LENGTH where n)
    string(REPLACE ";" "\n" where "${where}")
    message(FATAL_ERROR "${n} places are not formatted; run\n  git ls-files '*.cpp' '*.h' | xargs clang-format -i\n${where}")
endif()
message(STATUS "${count} files formatted")
