// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// ErrorCode: the outcomes an engine call can fail with. Every domain value mirrors one Kinesis
// exception name one-to-one (kinesis-api.md §2.3); the environmental ones are ours.
// errorName() gives the exact wire name, used by the CLI, the endpoint and the UI.
#include <string_view>

namespace shs::core {

enum class ErrorCode {
    // Kinesis domain errors (client errors, HTTP 400 on the wire).
    ResourceNotFound,
    ResourceInUse,
    InvalidArgument,
    Validation,
    LimitExceeded,
    ProvisionedThroughputExceeded,
    ExpiredIterator,
    ExpiredNextToken,
    AccessDenied,
    KmsDisabled,
    KmsInvalidState,
    KmsNotFound,
    KmsAccessDenied,
    KmsThrottling,
    KmsOptInRequired,
    Serialization, ///< a request body the wire layer cannot read (never raised by the engine)
    // Server errors (HTTP 500).
    InternalFailure,
    ServiceUnavailable, ///< HTTP 503: fewer than two zones can hold a write (store/zoned_storage.h)
    // Environmental failures of this process.
    StorageFailure,
    CryptoFailure,
};

/// The Kinesis exception name (`__type`) for a code, e.g. "ResourceNotFoundException".
constexpr std::string_view errorName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::ResourceNotFound:
        return "ResourceNotFoundException";
    case ErrorCode::ResourceInUse:
        return "ResourceInUseException";
    case ErrorCode::InvalidArgument:
        return "InvalidArgumentException";
    case ErrorCode::Validation:
        return "ValidationException";
    case ErrorCode::LimitExceeded:
        return "LimitExceededException";
    case ErrorCode::ProvisionedThroughputExceeded:
        return "ProvisionedThroughputExceededException";
    case ErrorCode::ExpiredIterator:
        return "ExpiredIteratorException";
    case ErrorCode::ExpiredNextToken:
        return "ExpiredNextTokenException";
    case ErrorCode::AccessDenied:
        return "AccessDeniedException";
    case ErrorCode::KmsDisabled:
        return "KMSDisabledException";
    case ErrorCode::KmsInvalidState:
        return "KMSInvalidStateException";
    case ErrorCode::KmsNotFound:
        return "KMSNotFoundException";
    case ErrorCode::KmsAccessDenied:
        return "KMSAccessDeniedException";
    case ErrorCode::KmsThrottling:
        return "KMSThrottlingException";
    case ErrorCode::KmsOptInRequired:
        return "KMSOptInRequired";
    case ErrorCode::Serialization:
        return "SerializationException";
    case ErrorCode::InternalFailure:
        return "InternalFailureException";
    case ErrorCode::ServiceUnavailable:
        return "ServiceUnavailable";
    case ErrorCode::StorageFailure:
        return "InternalFailureException";
    case ErrorCode::CryptoFailure:
        return "InternalFailureException";
    }
    return "InternalFailureException";
}

/// True for errors that AWS reports as server faults (HTTP 500).
constexpr bool isServerError(ErrorCode code)
{
    return code == ErrorCode::InternalFailure || code == ErrorCode::StorageFailure
           || code == ErrorCode::CryptoFailure || code == ErrorCode::ServiceUnavailable;
}

/// The HTTP status AWS answers a code with: 503 for ServiceUnavailable, 500 for the other server
/// faults, 400 for the rest.
constexpr int httpStatus(ErrorCode code)
{
    return code == ErrorCode::ServiceUnavailable ? 503 : isServerError(code) ? 500 : 400;
}

} // namespace shs::core
