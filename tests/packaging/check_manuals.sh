#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
# The manual pages and shell completions the build writes from the binaries' own tables: they
# render without a warning from groff, they name every command, global option and window option
# that --help names, and the completions complete commands and each command's options.
# Usage: check_manuals.sh DOCS_DIR SHARDSCOPE_CLI SHARDSCOPE
set -euo pipefail
docs=$1 cli=$2 app=$3
fail() { echo "manuals: $*"; exit 1; }
for page in shardscope.1 shardscope-cli.1; do
    warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$docs/$page" 2>&1 >/dev/null) || fail "man cannot render $page"
    [ -z "$warnings" ] || fail "groff warns about $page: $warnings"
    zcat "$docs/$page.gz" | cmp -s - "$docs/$page" || fail "$page.gz is not $page"
done
cli_text=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$docs/shardscope-cli.1" 2>/dev/null)
app_text=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$docs/shardscope.1" 2>/dev/null)
for section in NAME SYNOPSIS DESCRIPTION "GLOBAL OPTIONS" COMMANDS "KINESIS OPERATIONS" "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
    grep -q "^$section" <<<"$cli_text" || fail "shardscope-cli.1 has no $section section"
done
# Every command `help` lists, and every global option.
commands=$("$cli" help | awk '/^commands:/{on=1; next} /^more Kinesis operations/{on=1; next} on && /^  [a-z]/{print $1}')
[ "$(wc -w <<<"$commands")" -gt 40 ] || fail "too few commands in help: $commands"
for c in $commands; do
    grep -qE "^ {3}$c\$|^ {7}$c( |\$)" <<<"$cli_text" || fail "shardscope-cli.1 lacks the command $c"
done
for g in $("$cli" --help | grep -oE '^  --[a-z-]+'); do
    grep -q -- "$g" <<<"$cli_text" || fail "shardscope-cli.1 lacks the global option $g"
done
# Every option of a derived command, as its --help lists it.
for c in put-record split-shard list-shards; do
    for o in $("$cli" "$c" --help | grep -oE '^  --[a-z-]+'); do
        awk -v c="$c" '$0 ~ "^   "c"$"{on=1; next} /^   [a-z]/{on=0} on' <<<"$cli_text" | grep -q -- "$o" ||
            fail "shardscope-cli.1 lacks $c $o"
    done
done
for o in $(QT_QPA_PLATFORM=offscreen "$app" --help | grep -oE '^  (-[a-z], )?--[a-z-]+' | grep -oE -- '--[a-z-]+'); do
    grep -q -- "$o" <<<"$app_text" || fail "shardscope.1 lacks the option $o"
done
for section in NAME SYNOPSIS DESCRIPTION OPTIONS FILES "SEE ALSO"; do
    grep -q "^$section" <<<"$app_text" || fail "shardscope.1 has no $section section"
done
# bash: commands, then a command's options (global ones before it skipped), the globals too.
complete_words() { # words... ; the last is the one being completed
    bash -c 'source "$0"; COMP_WORDS=("${@}"); COMP_CWORD=$(($# - 1)); _shardscope_cli; printf "%s\n" "${COMPREPLY[@]}"' \
        "$docs/shardscope-cli.bash" shardscope-cli "$@"
}
complete_words cre | grep -qx create-stream || fail "bash: 'cre' does not complete to create-stream"
complete_words fa | grep -qx faults || fail "bash: 'fa' does not complete to faults"
complete_words --region us-east-1 put-record --st | grep -qx -- --stream-name || fail "bash: put-record --st"
complete_words put-record --partition-key k --da | grep -qx -- --data || fail "bash: put-record --da"
complete_words serve --fa | grep -qx -- --faults || fail "bash: serve --fa"
complete_words list-shards --end | grep -qx -- --endpoint-url || fail "bash: global options after a command"
complete_words --data-d | grep -qx -- --data-dir || fail "bash: global options before a command"
[ "$(complete_words faults --end | wc -l)" -eq 1 ] || fail "bash: an option offered twice"
command -v zsh >/dev/null || fail "zsh is needed to check the zsh completion (packaging/dev/deps.sh --tests installs it)"
zsh -n "$docs/_shardscope-cli" || fail "zsh: the completion does not parse"
grep -q "'create-stream:Creates a stream" "$docs/_shardscope-cli" || fail "zsh: no create-stream"
echo "manuals ok: $(wc -w <<<"$commands") commands"
