// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// TokenCodec: opaque, authenticated tokens handed to clients: shard iterators and paging tokens.
//
// Iterator format (docs in core/engine/README.md): base64( 00 00 00 00 00 00 00 01 ||
//   AES-256-GCM( 'R' | createdMs u64 | streamUid u64 | shardIndex u32 | position u64 |
//                readerId u32 | nameLen u8 | streamName ) ),
// ('I' tokens, without readerId, from before readers were told apart, still decode: reader 0.)
// at most 512 characters (a 128-character stream name gives 284). The leading eight bytes match
// what real iterators start with ("AAAAAAAAAAH..."). The key is 32 random bytes kept in the data
// directory, so iterators survive a restart but are useless against another data directory.
// A token that fails authentication is "Invalid ShardIterator."; expiry is checked by the engine.
//
// Thread safety: one instance per thread.
#include "crypto/aead.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shs::core {

struct IteratorToken
{
    std::int64_t createdMs = 0;
    std::uint64_t streamUid = 0;
    std::uint32_t shardIndex = 0;
    std::uint64_t position = 0; ///< read records with seq >= position
    std::string streamName;
    std::uint32_t readerId = 0; ///< the chain of iterators it belongs to (read_activity.h)

    friend bool operator==(const IteratorToken &, const IteratorToken &) = default;
};

class TokenCodec final
{
  public:
    explicit TokenCodec(const crypto::AeadKey &key);

    std::string encodeIterator(const IteratorToken &token);
    std::optional<IteratorToken> decodeIterator(std::string_view text);

    /// Paging tokens (ListShards, ListStreams): `kind` binds a token to one operation.
    std::string encodePage(char kind, std::int64_t createdMs, std::string_view payload);
    std::optional<std::pair<std::int64_t, std::string>> decodePage(char kind,
                                                                   std::string_view text);

  private:
    crypto::Aead m_aead;
};

} // namespace shs::core
