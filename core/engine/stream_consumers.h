// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// StreamConsumers: a stream's enhanced fan-out consumers — registration under AWS's rules (at
// most 20 per stream, 50 with On-demand Advantage, at most 5 CREATING at once, a name used once),
// CREATING -> ACTIVE and DELETING -> gone on engine time, each consumer's tags and resource
// policy, and the persisted form (the streams table's `consumers` column; kinesis-api.md §1.4).
// A consumer's ARN carries its creation second, so a consumer registered again under the same
// name is another consumer with another ARN.
#include "api.h"
#include "result.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace shs::core {

inline constexpr int kMaxConsumersPerStream = 20;
inline constexpr int kMaxConsumersPerAdvantageStream = 50; ///< On-demand Advantage streams
inline constexpr int kMaxCreatingConsumers = 5;

struct RegisteredConsumer
{
    std::string name;
    std::int64_t creationMs = 0;
    ConsumerStatus status = ConsumerStatus::Creating;
    std::int64_t statusSinceMs = 0;
    std::map<std::string, std::string> tags;
    std::string resourcePolicy; ///< verbatim; empty: none

    std::int64_t creationSeconds() const { return creationMs / 1000; }
};

class StreamConsumers
{
  public:
    using Map = std::map<std::string, RegisteredConsumer>;

    /// Registers `name` at `t`; refusals are AWS's (ResourceInUse for a name in use,
    /// LimitExceeded over `limit` consumers or kMaxCreatingConsumers CREATING), `stream` names
    /// the stream in them.
    Result<RegisteredConsumer *> add(const std::string &name, std::int64_t t, int limit,
                                     std::string_view stream);
    RegisteredConsumer *find(std::string_view name);
    const RegisteredConsumer *find(std::string_view name) const;
    /// The consumer an ARN names: its name, and the creation second the ARN carries.
    RegisteredConsumer *find(std::string_view name, std::int64_t creationSeconds);
    /// DELETING from `t` (a consumer already DELETING keeps its time).
    void startDeleting(RegisteredConsumer &c, std::int64_t t);
    /// Moves CREATING consumers to ACTIVE after `createDelayMs` and removes DELETING ones after
    /// `deleteDelayMs`; true when anything changed.
    bool advance(std::int64_t t, std::int64_t createDelayMs, std::int64_t deleteDelayMs);
    void clear() { m_consumers.clear(); }

    bool empty() const { return m_consumers.empty(); }
    int size() const { return static_cast<int>(m_consumers.size()); }
    /// By name.
    const Map &all() const { return m_consumers; }

    std::string encode() const;
    static StreamConsumers decode(std::string_view text);

  private:
    Map m_consumers;
};

} // namespace shs::core
