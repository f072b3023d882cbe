// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Enhanced fan-out consumers: RegisterStreamConsumer, DescribeStreamConsumer,
// ListStreamConsumers and DeregisterStreamConsumer over each stream's StreamConsumers
// (kinesis-api.md §1.4). The states move on engine time (Engine::tick); SubscribeToShard is in
// engine_subscriptions.cpp.
#include "catalogue.h"
#include "engine_impl.h"

namespace shs::core {

namespace {

struct Found
{
    Stream *stream = nullptr;
    RegisteredConsumer *consumer = nullptr;
};

/// The stream name a consumer request is about, before anything is looked up (for the
/// per-stream call rates, which AWS applies at the door).
std::string streamNameOf(const ConsumerRef &ref)
{
    const auto parsed = parseKinesisArn(ref.consumerArn.empty() ? ref.streamArn : ref.consumerArn);
    return parsed ? parsed->streamName : std::string();
}

/// The consumer a ConsumerRef names: by its ARN, or by its stream's ARN and its name.
template <class Impl> Result<Found> findConsumer(Impl &d, const ConsumerRef &ref)
{
    if (!ref.consumerArn.empty()) {
        const auto parsed = parseKinesisArn(ref.consumerArn);
        if (!parsed || !parsed->consumerName)
            return validation(ref.consumerArn, "consumerARN",
                              "Member must satisfy regular expression pattern: "
                              "^(arn):aws.*:kinesis:.*:\\d{12}:.*stream\\/[a-zA-Z0-9_.-]+\\/"
                              "consumer\\/[a-zA-Z0-9_.-]+:[0-9]+");
        if (!ref.streamArn.empty() && ref.streamArn != parsed->streamArn())
            return makeError(ErrorCode::InvalidArgument, "ConsumerARN " + ref.consumerArn
                                                             + " is not a consumer of stream "
                                                             + ref.streamArn + ".");
        StreamRef stream;
        stream.arn = parsed->streamArn();
        auto sr = d.resolve(stream);
        if (!sr)
            return sr.error();
        auto *c = (*sr)->consumers.find(*parsed->consumerName, parsed->consumerCreationSeconds);
        if (!c)
            return d.consumerNotFound(**sr, *parsed->consumerName);
        return Found{*sr, c};
    }
    if (ref.streamArn.empty() || ref.consumerName.empty())
        return makeError(ErrorCode::InvalidArgument,
                         "Either ConsumerARN or both ConsumerName and StreamARN must be given.");
    StreamRef stream;
    stream.arn = ref.streamArn;
    auto sr = d.resolve(stream);
    if (!sr)
        return sr.error();
    auto *c = (*sr)->consumers.find(ref.consumerName);
    if (!c)
        return d.consumerNotFound(**sr, ref.consumerName);
    return Found{*sr, c};
}

} // namespace

Result<Consumer> Engine::registerStreamConsumer(const RegisterStreamConsumerRequest &req)
{
    StreamRef ref;
    ref.arn = req.streamArn;
    auto sr = d->writableStream(ref, ops::RegisterStreamConsumer);
    if (!sr)
        return sr.error();
    Stream &s = **sr;
    if (s.status != StreamStatus::Active && s.status != StreamStatus::Updating)
        return d->notActive(s);
    const int limit = d->advantage && s.mode == StreamMode::OnDemand
                          ? kMaxConsumersPerAdvantageStream
                          : kMaxConsumersPerStream;
    // Tags are checked before anything is added, so a refused call registers nothing.
    std::map<std::string, std::string> tags;
    if (!req.tags.empty())
        if (auto t = d->addTags(s, tags, req.tags, "consumer " + req.consumerName); !t)
            return t.error();
    auto added = s.consumers.add(req.consumerName, d->now(), limit, s.name);
    if (!added)
        return added.error();
    (*added)->tags = std::move(tags);
    d->markDirty(s);
    return d->consumerOf(s, **added);
}

Result<ConsumerDescription> Engine::describeStreamConsumer(const ConsumerRef &req)
{
    if (auto c = d->allowControl(ops::DescribeStreamConsumer, streamNameOf(req)); !c)
        return c.error();
    auto found = findConsumer(*d, req);
    if (!found)
        return found.error();
    return ConsumerDescription{d->consumerOf(*found->stream, *found->consumer),
                               d->arnFor(found->stream->name)};
}

Result<ListStreamConsumersResult> Engine::listStreamConsumers(const ListStreamConsumersRequest &req)
{
    if (auto c = d->allowControl(ops::ListStreamConsumers, streamNameOf({req.streamArn, {}, {}}));
        !c)
        return c.error();
    if (req.nextToken && req.streamCreationTimestampMs)
        return makeError(ErrorCode::InvalidArgument,
                         "NextToken and StreamCreationTimestamp cannot be provided together.");
    const std::int64_t maxResults = std::min<std::int64_t>(req.maxResults.value_or(100), 100);
    if (req.maxResults && *req.maxResults < 1)
        return validation(std::to_string(*req.maxResults), "maxResults",
                          "Member must have value greater than or equal to 1");
    StreamRef ref;
    ref.arn = req.streamArn;
    auto sr = d->resolve(ref);
    if (!sr)
        return sr.error();
    Stream &s = **sr;
    if (req.streamCreationTimestampMs
        && *req.streamCreationTimestampMs / 1000 != s.createdMs / 1000)
        return d->streamNotFound(s.name);
    std::string after;
    if (req.nextToken) {
        auto page = d->tokens.decodePage('C', *req.nextToken);
        if (!page)
            return makeError(ErrorCode::InvalidArgument, "Invalid NextToken.");
        if (d->now() - page->first > kNextTokenLifetimeMs)
            return makeError(ErrorCode::ExpiredNextToken,
                             "The NextToken has expired. NextTokens are valid for 300 seconds.");
        const auto newline = page->second.find('\n');
        if (newline == std::string::npos
            || page->second.substr(0, newline) != std::to_string(s.uid))
            return makeError(ErrorCode::InvalidArgument, "Invalid NextToken.");
        after = page->second.substr(newline + 1);
    }
    ListStreamConsumersResult out;
    const auto &all = s.consumers.all();
    for (auto it = after.empty() ? all.begin() : all.upper_bound(after); it != all.end(); ++it) {
        if (static_cast<std::int64_t>(out.consumers.size()) == maxResults) {
            out.nextToken = d->tokens.encodePage(
                'C', d->now(), std::to_string(s.uid) + "\n" + out.consumers.back().consumerName);
            break;
        }
        out.consumers.push_back(d->consumerOf(s, it->second));
    }
    return out;
}

Result<void> Engine::deregisterStreamConsumer(const ConsumerRef &req)
{
    if (auto w = d->checkWritable(); !w)
        return w;
    if (auto c = d->allowControl(ops::DeregisterStreamConsumer, streamNameOf(req)); !c)
        return c;
    auto found = findConsumer(*d, req);
    if (!found)
        return found.error();
    found->stream->consumers.startDeleting(*found->consumer, d->now());
    d->subscriptions.forget(found->stream->uid, found->consumer->name);
    d->markDirty(*found->stream);
    return ok();
}

} // namespace shs::core
