# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
# The one-way dependency rule (style.md §3), as a ctest: cmake -DSOURCE_DIR=... -P check_layering.cmake
# With -DEXPECT_FILE=list it checks itself instead: it passes only if exactly the files in the list
# (paths relative to SOURCE_DIR, one a line) are reported — the planted fixture has one per edge.
#  - core/engine, core/crypto, core/alarms, core/kms, core/store: standard C++ only (no Qt headers);
#  - only core/crypto includes OpenSSL; only core/store includes sqlite3.h;
#  - nothing under core/ includes QtGui, QtWidgets or QtCharts;
#  - ui/ does not include sqlite3.h, OpenSSL, core/store or core/net;
#  - Qt Charts only under ui/charts/.
set(violations "")
function(check_dir dir regex why)
    file(GLOB_RECURSE files "${SOURCE_DIR}/${dir}/*.h" "${SOURCE_DIR}/${dir}/*.cpp")
    foreach(f ${files})
        file(STRINGS "${f}" lines REGEX "^[ \t]*#[ \t]*include")
        foreach(line ${lines})
            if(line MATCHES "${regex}")
                file(RELATIVE_PATH rel "${SOURCE_DIR}" "${f}")
                # Set here and in the caller: PARENT_SCOPE alone would keep only the last one.
                set(violations "${violations}\n  ${rel}: ${line}  (${why})")
                list(APPEND reported "${rel}")
                set(violations "${violations}" PARENT_SCOPE)
                set(reported "${reported}" PARENT_SCOPE)
            endif()
        endforeach()
    endforeach()
endfunction()

foreach(inner core/engine core/crypto core/alarms core/kms core/store)
    check_dir(${inner} "<Q[A-Za-z]|<Qt[A-Za-z]+/" "the inner ring is standard C++ only")
endforeach()
foreach(notcrypto core/engine core/alarms core/kms core/store core/service core/consumer core/producer core/lesson core/net app ui)
    check_dir(${notcrypto} "<openssl/" "only core/crypto includes OpenSSL")
endforeach()
foreach(notstore core/engine core/alarms core/kms core/crypto core/service core/consumer core/producer core/lesson core/net app ui)
    check_dir(${notstore} "<sqlite3\\.h>" "only core/store includes sqlite3.h")
endforeach()
check_dir(core "<Qt(Gui|Widgets|Charts)/|<Q(Widget|Painter|Color|Pixmap|Image|Chart[A-Za-z]*|Application)>"
          "core never depends on GUI modules")
# shs_net's headers are included by their directory under core/net ("remote/…", "endpoint/…",
# "http/…"), shs_store's and shs_crypto's as "store/…" and "crypto/…": each spelling is an edge.
check_dir(ui "\"(store|crypto|net|remote|endpoint|http)/|<sqlite3|<openssl/"
          "ui reaches the engine only through core/service")
file(GLOB_RECURSE ui_files "${SOURCE_DIR}/ui/*.h" "${SOURCE_DIR}/ui/*.cpp" "${SOURCE_DIR}/app/*.cpp" "${SOURCE_DIR}/app/*.h")
foreach(f ${ui_files})
    if(NOT f MATCHES "/ui/charts/")
        file(STRINGS "${f}" lines REGEX "#[ \t]*include[ \t]*<Q(tCharts/|Chart|LineSeries|ValueAxis)")
        foreach(line ${lines})
            file(RELATIVE_PATH rel "${SOURCE_DIR}" "${f}")
            set(violations "${violations}\n  ${rel}: ${line}  (Qt Charts stays under ui/charts/)")
            list(APPEND reported "${rel}")
        endforeach()
    endif()
endforeach()

if(DEFINED EXPECT_FILE)
    file(STRINGS "${EXPECT_FILE}" expected)
    list(REMOVE_DUPLICATES reported)
    list(SORT reported)
    list(SORT expected)
    if(NOT reported STREQUAL expected)
        message(FATAL_ERROR "The layering check reported\n  ${reported}\nbut the fixture plants\n  ${expected}")
    endif()
    message(STATUS "every planted edge reported (${violations})")
    return()
endif()
if(violations)
    message(FATAL_ERROR "Layering violations:${violations}")
endif()
message(STATUS "layering ok")
