# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
# shs_warnings(target): the project's warning set. -Werror only when SHS_WERROR is on (CI).
function(shs_warnings target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                             -Wold-style-cast -Wcast-align -Woverloaded-virtual)
    if(SHS_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()
