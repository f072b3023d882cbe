// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// "Copy as AWS CLI": the `aws kinesis …` command line (AWS CLI v2) equivalent to an action in
// the window, quoted for a POSIX shell. Raw text data goes with --cli-binary-format
// raw-in-base64-out (CLI v2 reads blobs as base64 otherwise); binary data goes base64-encoded.
#include "engine/api.h"

#include <QString>

#include <map>
#include <string>
#include <vector>

namespace shs::core::ops {
template <class Req, class Resp> struct Operation;
}

namespace shs::awscli {

/// `aws kinesis <command> <options…>` for any request of the catalogue: the options in the
/// model's order, named as the AWS CLI names them, plus the window's target. `dataIsText`: a
/// blob member is UTF-8 text and goes raw (with --cli-binary-format raw-in-base64-out).
template <class Req, class Resp>
QString command(const core::ops::Operation<Req, Resp> &op, const Req &request,
                bool dataIsText = false);
/// The command function of every operation of the catalogue, in its order (defined in
/// aws_cli.cpp, where taking them instantiates command<> for each).
std::vector<const void *> everyCommand();

/// POSIX shell quoting: as-is when safe, else in single quotes.
QString quote(const QString &arg);

/// Global options appended to every command so it reaches the endpoint the window works on
/// (a remote backend's `--endpoint-url`, `--region`, `--profile`); empty for the embedded engine,
/// whose commands are the AWS equivalents. Set by the window for its backend (UI thread).
void setTarget(const QStringList &globalOptions);
QStringList target();

QString createStream(const core::CreateStreamRequest &r);
QString deleteStream(const QString &stream);
/// `--tags` as JSON, so keys and values with commas, '=' or spaces survive the CLI's shorthand.
QString addTagsToStream(const QString &stream, const std::map<std::string, std::string> &tags);
QString removeTagsFromStream(const QString &stream, const std::vector<std::string> &keys);
/// increase- or decrease-stream-retention-period.
QString updateRetention(const QString &stream, int hours, bool increase);
QString splitShard(const QString &stream, const QString &shardId,
                   const QString &newStartingHashKey);
QString mergeShards(const QString &stream, const QString &shard, const QString &adjacentShard);
QString updateShardCount(const QString &stream, int target);
QString updateStreamMode(const QString &streamArn, core::StreamMode mode);
/// `dataIsText`: the bytes are UTF-8 text and go raw; otherwise base64.
QString putRecord(const core::PutRecordRequest &r, bool dataIsText);
/// `--records` as JSON with the data base64-encoded (how the CLI v2 reads blobs in JSON).
QString putRecords(const core::PutRecordsRequest &r);
QString getShardIterator(const core::GetShardIteratorRequest &r);
/// `--starting-position` in the CLI's shorthand (Type=…,SequenceNumber=…,Timestamp=…).
QString subscribeToShard(const core::SubscribeToShardRequest &r);

} // namespace shs::awscli
