// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "aws_config.h"

#include <QFile>
#include <QMap>
#include <QUrl>

namespace shs::net {

namespace {

using Ini = QMap<QString, QMap<QString, QString>>; // section -> key -> value

Ini readIni(const QString &path)
{
    Ini ini;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return ini;
    QString section;
    for (const QByteArray &raw : f.readAll().split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#'))
            || line.startsWith(QLatin1Char(';')))
            continue;
        if (line.startsWith(QLatin1Char('[')) && line.endsWith(QLatin1Char(']'))) {
            section = line.mid(1, line.size() - 2).trimmed();
            continue;
        }
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq > 0 && !section.isEmpty())
            ini[section][line.left(eq).trimmed().toLower()] = line.mid(eq + 1).trimmed();
    }
    return ini;
}

QString pick(const QProcessEnvironment &env, const char *name)
{
    return env.value(QLatin1String(name)).trimmed();
}

QString credentialsFile(const QProcessEnvironment &env, const QString &homeDir)
{
    return !pick(env, "AWS_SHARED_CREDENTIALS_FILE").isEmpty()
               ? pick(env, "AWS_SHARED_CREDENTIALS_FILE")
               : homeDir + QStringLiteral("/.aws/credentials");
}

QString configFile(const QProcessEnvironment &env, const QString &homeDir)
{
    return !pick(env, "AWS_CONFIG_FILE").isEmpty() ? pick(env, "AWS_CONFIG_FILE")
                                                   : homeDir + QStringLiteral("/.aws/config");
}

} // namespace

QStringList awsProfiles(const QProcessEnvironment &env, const QString &homeDir)
{
    const QString credentialsPath = credentialsFile(env, homeDir);
    const QString configPath = configFile(env, homeDir);
    QStringList names = readIni(credentialsPath).keys();
    for (const QString &section : readIni(configPath).keys()) {
        if (section == QStringLiteral("default"))
            names << section;
        else if (section.startsWith(QStringLiteral("profile ")))
            names << section.mid(8).trimmed();
    }
    names.removeDuplicates();
    names.sort();
    return names;
}

QString AwsConfig::describe() const
{
    QString key = accessKeyId;
    if (key.size() > 8)
        key = key.left(4) + QStringLiteral("…") + key.right(4);
    QStringList parts;
    if (!profile.isEmpty())
        parts << QStringLiteral("profile %1").arg(profile);
    if (!region.isEmpty())
        parts << region;
    if (!key.isEmpty())
        parts << (credentialSource.isEmpty()
                      ? QStringLiteral("key %1").arg(key)
                      : QStringLiteral("key %1 from %2").arg(key, credentialSource));
    return parts.join(QStringLiteral(", "));
}

std::optional<AwsConfig> resolveAwsConfig(const AwsConfigRequest &request,
                                          const QProcessEnvironment &env, const QString &homeDir,
                                          QString *error)
{
    AwsConfig c;
    const bool profileNamed = !request.profile.isEmpty() || !pick(env, "AWS_PROFILE").isEmpty();
    c.profile = !request.profile.isEmpty()            ? request.profile
                : !pick(env, "AWS_PROFILE").isEmpty() ? pick(env, "AWS_PROFILE")
                                                      : QStringLiteral("default");
    const QString credentialsPath = credentialsFile(env, homeDir);
    const QString configPath = configFile(env, homeDir);
    const Ini credentials = readIni(credentialsPath);
    const Ini config = readIni(configPath);
    const auto credSection = credentials.value(c.profile);
    const auto configSection = config.value(c.profile == QStringLiteral("default")
                                                ? QStringLiteral("default")
                                                : QStringLiteral("profile ") + c.profile);
    if (profileNamed && !credentials.contains(c.profile) && configSection.isEmpty()) {
        *error = QStringLiteral("The config profile (%1) could not be found in %2 or %3.")
                     .arg(c.profile, credentialsPath, configPath);
        return std::nullopt;
    }

    // Credentials.
    if (!request.accessKeyId.isEmpty()) {
        c.accessKeyId = request.accessKeyId;
        c.secretAccessKey = request.secretAccessKey;
        c.sessionToken = request.sessionToken;
        c.credentialSource = QStringLiteral("explicit");
    } else if (request.profile.isEmpty() && !pick(env, "AWS_ACCESS_KEY_ID").isEmpty()
               && !pick(env, "AWS_SECRET_ACCESS_KEY").isEmpty()) {
        // Environment keys win unless a profile was named on the command line (as the AWS CLI
        // does).
        c.accessKeyId = pick(env, "AWS_ACCESS_KEY_ID");
        c.secretAccessKey = pick(env, "AWS_SECRET_ACCESS_KEY");
        c.sessionToken = pick(env, "AWS_SESSION_TOKEN");
        c.credentialSource = QStringLiteral("environment");
    } else if (!credSection.value(QStringLiteral("aws_access_key_id")).isEmpty()) {
        c.accessKeyId = credSection.value(QStringLiteral("aws_access_key_id"));
        c.secretAccessKey = credSection.value(QStringLiteral("aws_secret_access_key"));
        c.sessionToken = credSection.value(QStringLiteral("aws_session_token"));
        c.credentialSource = QStringLiteral("credentials file (%1)").arg(credentialsPath);
    } else if (!configSection.value(QStringLiteral("aws_access_key_id")).isEmpty()) {
        c.accessKeyId = configSection.value(QStringLiteral("aws_access_key_id"));
        c.secretAccessKey = configSection.value(QStringLiteral("aws_secret_access_key"));
        c.sessionToken = configSection.value(QStringLiteral("aws_session_token"));
        c.credentialSource = QStringLiteral("config file (%1)").arg(configPath);
    }
    if (c.accessKeyId.isEmpty() || c.secretAccessKey.isEmpty()) {
        *error
            = QStringLiteral(
                  "Unable to locate credentials for profile %1: set AWS_ACCESS_KEY_ID and "
                  "AWS_SECRET_ACCESS_KEY, add them to %2, or enter them in the connection dialog.")
                  .arg(c.profile, credentialsPath);
        return std::nullopt;
    }

    // Region.
    if (!request.region.isEmpty()) {
        c.region = request.region;
        c.regionSource = QStringLiteral("explicit");
    } else if (!pick(env, "AWS_REGION").isEmpty()) {
        c.region = pick(env, "AWS_REGION");
        c.regionSource = QStringLiteral("AWS_REGION");
    } else if (!pick(env, "AWS_DEFAULT_REGION").isEmpty()) {
        c.region = pick(env, "AWS_DEFAULT_REGION");
        c.regionSource = QStringLiteral("AWS_DEFAULT_REGION");
    } else if (!configSection.value(QStringLiteral("region")).isEmpty()) {
        c.region = configSection.value(QStringLiteral("region"));
        c.regionSource = QStringLiteral("config file (%1)").arg(configPath);
    } else {
        *error = QStringLiteral("You must specify a region: --region, AWS_REGION or "
                                "AWS_DEFAULT_REGION, or `region` in "
                                "profile %1 of %2.")
                     .arg(c.profile, configPath);
        return std::nullopt;
    }

    // Endpoint.
    if (!request.endpointUrl.isEmpty()) {
        c.endpointUrl = request.endpointUrl;
        c.endpointSource = QStringLiteral("explicit");
    } else if (!pick(env, "AWS_ENDPOINT_URL_KINESIS").isEmpty()) {
        c.endpointUrl = pick(env, "AWS_ENDPOINT_URL_KINESIS");
        c.endpointSource = QStringLiteral("AWS_ENDPOINT_URL_KINESIS");
    } else if (!pick(env, "AWS_ENDPOINT_URL").isEmpty()) {
        c.endpointUrl = pick(env, "AWS_ENDPOINT_URL");
        c.endpointSource = QStringLiteral("AWS_ENDPOINT_URL");
    } else if (!configSection.value(QStringLiteral("endpoint_url")).isEmpty()) {
        c.endpointUrl = configSection.value(QStringLiteral("endpoint_url"));
        c.endpointSource = QStringLiteral("config file (%1)").arg(configPath);
    } else {
        c.endpointUrl = QStringLiteral("https://kinesis.%1.amazonaws.com").arg(c.region);
        c.endpointSource = QStringLiteral("AWS");
    }

    // Extra certificate authorities for HTTPS, as the AWS CLI takes them.
    c.caBundle = !request.caBundle.isEmpty() ? request.caBundle
                 : !pick(env, "AWS_CA_BUNDLE").isEmpty()
                     ? pick(env, "AWS_CA_BUNDLE")
                     : configSection.value(QStringLiteral("ca_bundle"));

    // CloudWatch, for the minute metrics: its own variable, else the endpoint every service shares,
    // else AWS's when Kinesis is AWS's. An --endpoint-url names Kinesis only (as in the AWS CLI).
    if (!pick(env, "AWS_ENDPOINT_URL_CLOUDWATCH").isEmpty())
        c.cloudWatchEndpointUrl = pick(env, "AWS_ENDPOINT_URL_CLOUDWATCH");
    else if (!pick(env, "AWS_ENDPOINT_URL").isEmpty())
        c.cloudWatchEndpointUrl = pick(env, "AWS_ENDPOINT_URL");
    else if (!configSection.value(QStringLiteral("endpoint_url")).isEmpty())
        c.cloudWatchEndpointUrl = configSection.value(QStringLiteral("endpoint_url"));
    else if (QUrl(c.endpointUrl).host().endsWith(QStringLiteral(".amazonaws.com")))
        c.cloudWatchEndpointUrl
            = QStringLiteral("https://monitoring.%1.amazonaws.com").arg(c.region);
    // KMS likewise, but an endpoint that is not AWS's most likely serves KMS beside Kinesis.
    if (!pick(env, "AWS_ENDPOINT_URL_KMS").isEmpty())
        c.kmsEndpointUrl = pick(env, "AWS_ENDPOINT_URL_KMS");
    else if (!pick(env, "AWS_ENDPOINT_URL").isEmpty())
        c.kmsEndpointUrl = pick(env, "AWS_ENDPOINT_URL");
    else if (!configSection.value(QStringLiteral("endpoint_url")).isEmpty())
        c.kmsEndpointUrl = configSection.value(QStringLiteral("endpoint_url"));
    else if (c.endpointUrl.isEmpty()
             || QUrl(c.endpointUrl).host().endsWith(QStringLiteral(".amazonaws.com")))
        c.kmsEndpointUrl = QStringLiteral("https://kms.%1.amazonaws.com").arg(c.region);
    else
        c.kmsEndpointUrl = c.endpointUrl;
    return c;
}

} // namespace shs::net
