// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The AWS event-stream framing (`application/vnd.amazon.eventstream`, kinesis-api.md §3.2) that
// SubscribeToShard's answer is made of: each message is
//
//   total length u32 | headers length u32 | prelude CRC u32 | headers | payload | message CRC u32
//
// big-endian, CRC-32 (IEEE, as zlib's) over the prelude and over everything before the message
// CRC. A header is a name (u8 length) and a typed value; the encoder writes strings (type 7), the
// decoder reads every type and gives each value as text. The decoder is incremental (bytes in,
// messages out), refuses a bad CRC, a length under 16 or over 16 MiB, headers over 128 KiB and
// malformed headers, and after a refusal stays refused.
#include <QByteArray>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shs::net::eventstream {

inline constexpr std::size_t kMaxMessageBytes = 16u * 1024 * 1024;
inline constexpr std::size_t kMaxHeaderBytes = 128u * 1024;

struct Message
{
    std::vector<std::pair<std::string, std::string>> headers;
    QByteArray payload;
    /// The value of the first header called `name`, or empty.
    std::string header(std::string_view name) const;
};

std::uint32_t crc32(const char *data, std::size_t size, std::uint32_t crc = 0);

/// One message, framed (string headers).
QByteArray encode(const Message &message);
/// The frames SubscribeToShard sends: an event (`:message-type` event), and an exception.
QByteArray event(std::string_view eventType, std::string_view contentType, QByteArray payload);
QByteArray exception(std::string_view exceptionType, std::string_view contentType,
                     QByteArray payload);

class Decoder
{
  public:
    void feed(const QByteArray &bytes);
    /// The next complete message; nullopt when more bytes are needed or after a refusal
    /// (error() then says why).
    std::optional<Message> next();
    const std::string &error() const { return m_error; }
    bool failed() const { return !m_error.empty(); }
    /// Bytes fed and not yet framed.
    std::size_t buffered() const { return std::size_t(m_buffer.size()); }

  private:
    QByteArray m_buffer;
    std::string m_error;
};

} // namespace shs::net::eventstream
