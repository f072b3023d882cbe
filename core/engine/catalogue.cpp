// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "catalogue.h"

namespace shs::core::ops {

namespace {
bool upper(char c)
{
    return c >= 'A' && c <= 'Z';
}
bool lowerOrDigit(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
} // namespace

Error unknownOperation(std::string_view operationName)
{
    return Error{ErrorCode::InvalidArgument,
                 "Operation " + std::string(operationName) + " is not supported.",
                 "UnknownOperationException"};
}

std::string cliName(std::string_view name)
{
    // botocore's xform_name: a separator before each capital that starts a lower-case run
    // ("(.)([A-Z][a-z]+)"), then between a lower-case letter or digit and a capital
    // ("([a-z0-9])([A-Z])"); all lower case. StreamARN -> stream-arn,
    // MaxRecordSizeInKiB -> max-record-size-in-ki-b.
    std::string first;
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (i > 0 && upper(name[i]) && i + 1 < name.size() && name[i + 1] >= 'a'
            && name[i + 1] <= 'z' && first.back() != '-')
            first += '-';
        first += name[i];
    }
    std::string out;
    for (std::size_t i = 0; i < first.size(); ++i) {
        if (i > 0 && upper(first[i]) && lowerOrDigit(first[i - 1]))
            out += '-';
        out += upper(first[i]) ? char(first[i] - 'A' + 'a') : first[i];
    }
    return out;
}

} // namespace shs::core::ops
