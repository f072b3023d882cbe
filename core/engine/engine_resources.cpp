// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Resources by name or ARN: the stream tag operations, TagResource / UntagResource /
// ListTagsForResource on the same tags (one set of rules, 50 per resource), and resource
// policies (stored verbatim, checked as IAM policy documents) — of streams and of their
// enhanced fan-out consumers (each with tags and a policy of its own).
#include "catalogue.h"
#include "engine_impl.h"

namespace shs::core {

namespace {

// The helpers take the engine's private state as a deduced type (Engine::Impl is private).

/// What a ResourceARN names: a stream, or one of its consumers (tags and policy of its own).
struct Resource
{
    Stream *stream = nullptr;
    RegisteredConsumer *consumer = nullptr;
    std::map<std::string, std::string> &tags() { return consumer ? consumer->tags : stream->tags; }
    std::string &policy()
    {
        return consumer ? consumer->resourcePolicy : stream->settings.resourcePolicy;
    }
};

template <class Impl> Result<Resource> findResource(Impl &d, const std::string &arn)
{
    const auto parsed = parseKinesisArn(arn);
    if (!parsed)
        return validation(arn, "resourceARN",
                          "Member must satisfy regular expression pattern: "
                          "arn:aws.*:kinesis:.*:\\d{12}:.*stream/\\S+");
    StreamRef ref;
    ref.arn = parsed->streamArn();
    auto sr = d.resolve(ref);
    if (!sr)
        return sr.error();
    Resource r{*sr};
    if (parsed->consumerName) {
        r.consumer
            = r.stream->consumers.find(*parsed->consumerName, parsed->consumerCreationSeconds);
        if (!r.consumer)
            return d.consumerNotFound(*r.stream, *parsed->consumerName);
    }
    return r;
}

/// The start of a resource operation: within its rate (checked at the door, as AWS does), the
/// resource found.
template <class Impl, class Req, class Resp>
Result<Resource> rateAndResource(Impl &d, const ops::Operation<Req, Resp> &op,
                                 const std::string &arn)
{
    if (auto c = d.allowControl(op); !c)
        return c.error();
    return findResource(d, arn);
}

/// The same, for an operation that changes something: the engine must be writable first.
template <class Impl, class Req, class Resp>
Result<Resource> writableResource(Impl &d, const ops::Operation<Req, Resp> &op,
                                  const std::string &arn)
{
    if (auto w = d.checkWritable(); !w)
        return w.error();
    return rateAndResource(d, op, arn);
}

} // namespace

Result<void> Engine::Impl::addTags(Stream &s, std::map<std::string, std::string> &target,
                                   const std::map<std::string, std::string> &tags,
                                   const std::string &what)
{
    for (const auto &[k, v] : tags) {
        if (k.empty() || k.size() > static_cast<std::size_t>(kMaxTagKeyLength))
            return makeError(ErrorCode::InvalidArgument,
                             "Tag key '" + k + "' must be between 1 and 128 characters long.");
        if (v.size() > static_cast<std::size_t>(kMaxTagValueLength))
            return makeError(ErrorCode::InvalidArgument,
                             "Tag value for key '" + k + "' must be at most 256 characters long.");
    }
    auto merged = target;
    for (const auto &[k, v] : tags)
        merged[k] = v;
    if (merged.size() > static_cast<std::size_t>(kMaxTagsPerStream))
        return makeError(ErrorCode::InvalidArgument,
                         "Failed to add tags to " + what + " under account " + account()
                             + " because a given stream cannot have more than 50 tags.");
    target = std::move(merged);
    markDirty(s);
    return ok();
}

Result<void> Engine::addTagsToStream(const AddTagsRequest &req)
{
    auto sr = d->writableStream(req.stream, ops::AddTagsToStream);
    if (!sr)
        return sr.error();
    if (req.tags.empty())
        return validation("{}", "tags", "Member must have length greater than or equal to 1");
    return d->addTags(**sr, (*sr)->tags, req.tags, "stream " + (*sr)->name);
}

Result<void> Engine::removeTagsFromStream(const RemoveTagsRequest &req)
{
    auto sr = d->writableStream(req.stream, ops::RemoveTagsFromStream);
    if (!sr)
        return sr.error();
    Stream &s = **sr;
    if (req.tagKeys.empty())
        return validation("[]", "tagKeys", "Member must have length greater than or equal to 1");
    if (req.tagKeys.size() > 50)
        return validation("[...]", "tagKeys", "Member must have length less than or equal to 50");
    for (const auto &k : req.tagKeys)
        s.tags.erase(k);
    d->markDirty(s);
    return ok();
}

Result<ListTagsResult> Engine::listTagsForStream(const ListTagsRequest &req)
{
    auto sr = d->resolve(req.stream);
    if (!sr)
        return sr.error();
    if (auto c = d->allowControl(ops::ListTagsForStream); !c)
        return c.error();
    const Stream &s = **sr;
    const std::int64_t limit = req.limit.value_or(50);
    if (limit < 1)
        return validation(std::to_string(limit), "limit",
                          "Member must have value greater than or equal to 1");
    if (limit > 50)
        return validation(std::to_string(limit), "limit",
                          "Member must have value less than or equal to 50");
    ListTagsResult out;
    auto it
        = req.exclusiveStartTagKey ? s.tags.upper_bound(*req.exclusiveStartTagKey) : s.tags.begin();
    for (; it != s.tags.end(); ++it) {
        if (static_cast<std::int64_t>(out.tags.size()) == limit) {
            out.hasMoreTags = true;
            break;
        }
        out.tags.emplace_back(it->first, it->second);
    }
    return out;
}

Result<void> Engine::tagResource(const TagResourceRequest &req)
{
    auto r = writableResource(*d, ops::TagResource, req.resourceArn);
    if (!r)
        return r.error();
    return d->addTags(*r->stream, r->tags(), req.tags, "resource " + req.resourceArn);
}

Result<void> Engine::untagResource(const UntagResourceRequest &req)
{
    auto r = writableResource(*d, ops::UntagResource, req.resourceArn);
    if (!r)
        return r.error();
    for (const auto &k : req.tagKeys)
        r->tags().erase(k);
    d->markDirty(*r->stream);
    return ok();
}

Result<ListTagsForResourceResult> Engine::listTagsForResource(const ResourceRequest &req)
{
    auto r = rateAndResource(*d, ops::ListTagsForResource, req.resourceArn);
    if (!r)
        return r.error();
    ListTagsForResourceResult out;
    for (const auto &[k, v] : r->tags())
        out.tags.push_back({k, v});
    return out;
}

Result<void> Engine::putResourcePolicy(const PutResourcePolicyRequest &req)
{
    auto r = writableResource(*d, ops::PutResourcePolicy, req.resourceArn);
    if (!r)
        return r.error();
    if (auto c = checkPolicyDocument(req.policy); !c)
        return c.error();
    r->policy() = req.policy;
    d->markDirty(*r->stream);
    return ok();
}

Result<GetResourcePolicyResult> Engine::getResourcePolicy(const ResourceRequest &req)
{
    auto r = rateAndResource(*d, ops::GetResourcePolicy, req.resourceArn);
    if (!r)
        return r.error();
    // Policy is a required member of the answer: a resource without one answers "{}".
    const std::string &policy = r->policy();
    return GetResourcePolicyResult{policy.empty() ? std::string("{}") : policy};
}

Result<void> Engine::deleteResourcePolicy(const ResourceRequest &req)
{
    auto r = writableResource(*d, ops::DeleteResourcePolicy, req.resourceArn);
    if (!r)
        return r.error();
    r->policy().clear();
    d->markDirty(*r->stream);
    return ok();
}

} // namespace shs::core
