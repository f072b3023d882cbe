// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// AwsConfig: credentials, region and endpoint resolved the way the AWS CLI resolves them, for the
// remote backend (issue 6).
//
//   profile      --profile, else AWS_PROFILE, else "default"
//   credentials  explicit keys, else AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (+
//   AWS_SESSION_TOKEN)
//                when no profile was named explicitly, else the profile's aws_access_key_id /
//                aws_secret_access_key / aws_session_token from the credentials file
//                (AWS_SHARED_CREDENTIALS_FILE, ~/.aws/credentials), then from the config file
//   region       --region, else AWS_REGION, else AWS_DEFAULT_REGION, else the profile's `region`
//   endpoint     --endpoint-url, else AWS_ENDPOINT_URL_KINESIS, else AWS_ENDPOINT_URL, else the
//                profile's endpoint_url, else https://kinesis.<region>.amazonaws.com
//   config file  AWS_CONFIG_FILE, ~/.aws/config — sections "[default]" and "[profile NAME]"
//
// Values only; the environment and files are read once, by resolve(). Secrets never leave this
// struct except to sign requests (describe() masks them).
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <optional>

namespace shs::net {

struct AwsConfigRequest
{
    QString profile;     ///< --profile (empty: not given)
    QString region;      ///< --region
    QString endpointUrl; ///< --endpoint-url
    QString caBundle;    ///< --ca-bundle
    QString accessKeyId; ///< keys typed in a dialog
    QString secretAccessKey;
    QString sessionToken;
};

struct AwsConfig
{
    QString profile;
    QString region;
    QString endpointUrl;
    QString accessKeyId;
    QString secretAccessKey;
    QString sessionToken;
    QString
        credentialSource; ///< "explicit", "environment", "credentials file (~/.aws/credentials)", …
    QString regionSource;
    QString endpointSource;
    /// CloudWatch for the minute metrics: AWS_ENDPOINT_URL_CLOUDWATCH, else AWS_ENDPOINT_URL, else
    /// the profile's endpoint_url, else AWS's when Kinesis is AWS's; empty: none (said so in the
    /// window).
    QString cloudWatchEndpointUrl;
    /// KMS for the Encryption dialog's keys: AWS_ENDPOINT_URL_KMS, else AWS_ENDPOINT_URL, else
    /// the profile's endpoint_url, else AWS's when Kinesis is AWS's, else the Kinesis endpoint
    /// itself (Shardscope's and LocalStack's serve KMS beside Kinesis); empty: none.
    QString kmsEndpointUrl;
    /// PEM file of extra certificate authorities to trust for HTTPS (AWS_CA_BUNDLE, else the
    /// profile's ca_bundle), e.g. a LocalStack or `shardscope-cli serve --tls` certificate.
    QString caBundle;

    /// One line for logs and the UI, the secret masked: "profile dev, us-east-1, AKID…AMPLE".
    QString describe() const;
};

/// The profile names of the credentials and config files (sorted, "default" included when present).
QStringList awsProfiles(const QProcessEnvironment &env, const QString &homeDir);

/// Resolves as above; nullopt with `error` naming what is missing and where it was looked for.
std::optional<AwsConfig> resolveAwsConfig(const AwsConfigRequest &request,
                                          const QProcessEnvironment &env, const QString &homeDir,
                                          QString *error);

} // namespace shs::net
