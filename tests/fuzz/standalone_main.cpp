// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Runs a fuzz target without libFuzzer (Wireshark's StandaloneFuzzTargetMain idea): replays every
// file of the corpus directories given, then a fixed number of seeded mutations of them, so the
// regression suite keeps exercising the parser on every build. SHS_FUZZ_ROUNDS sets the count.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);

int main(int argc, char **argv)
{
    std::vector<std::string> inputs;
    for (int i = 1; i < argc; ++i) {
        const std::filesystem::path p(argv[i]);
        std::vector<std::filesystem::path> files;
        if (std::filesystem::is_directory(p)) {
            for (const auto &e : std::filesystem::directory_iterator(p))
                files.push_back(e.path());
        } else {
            files.push_back(p);
        }
        for (const auto &f : files) {
            std::ifstream in(f, std::ios::binary);
            inputs.emplace_back(std::istreambuf_iterator<char>(in),
                                std::istreambuf_iterator<char>());
        }
    }
    inputs.emplace_back();
    for (const auto &in : inputs)
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t *>(in.data()), in.size());
    const char *env = std::getenv("SHS_FUZZ_ROUNDS");
    const long rounds = env ? std::atol(env) : 20000;
    std::mt19937_64 rng(0x5348535Au);
    static const char alphabet[] = "0123456789+/=AZaz-_ \x00\xff\xc3\xa9";
    for (long r = 0; r < rounds; ++r) {
        std::string s = inputs[rng() % inputs.size()];
        const int edits = 1 + int(rng() % 4);
        for (int e = 0; e < edits; ++e) {
            const auto op = rng() % 4;
            const std::size_t pos = s.empty() ? 0 : rng() % (s.size() + 1);
            if (op == 0 && !s.empty() && pos < s.size())
                s[pos] = char(rng() & 0xFF);
            else if (op == 1)
                s.insert(pos, 1, alphabet[rng() % (sizeof alphabet - 1)]);
            else if (op == 2 && pos < s.size())
                s.erase(pos, 1 + rng() % 3);
            else if (!s.empty())
                s = s.substr(0, rng() % s.size());
        }
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t *>(s.data()), s.size());
    }
    std::printf("%zu corpus inputs and %ld mutations ran clean\n", inputs.size(), rounds);
    return 0;
}
