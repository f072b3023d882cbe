// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// SigV4 arithmetic against AWS's published examples: the "get-vanilla" case of the SigV4 test suite
// and the IAM ListUsers example of the SigV4 documentation (canonical request, string to sign,
// signing key and signature).
#include "crypto/sigv4.h"

#include <QtTest>

using namespace shs::crypto;

class TestSigV4 : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void hashes();
    void getVanilla();
    void iamListUsersExample();
    void uriEncoding();
};

namespace {
const std::string kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const std::string kEmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
} // namespace

void TestSigV4::hashes()
{
    QCOMPARE(hex(sha256("")), kEmptyHash);
    // RFC 4231 test case 2.
    QCOMPARE(hex(hmacSha256("Jefe", "what do ya want for nothing?")),
             std::string("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
}

void TestSigV4::getVanilla()
{
    sigv4::CanonicalInput in;
    in.method = "GET";
    in.path = "/";
    in.headers = {{"host", "example.amazonaws.com"}, {"x-amz-date", "20150830T123600Z"}};
    in.payloadHash = kEmptyHash;
    const std::string canonical = sigv4::canonicalRequest(in);
    QCOMPARE(canonical,
             std::string(
                 "GET\n/"
                 "\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n")
                 + kEmptyHash);
    const std::string sts = sigv4::stringToSign(
        "20150830T123600Z", "20150830/us-east-1/service/aws4_request", canonical);
    QCOMPARE(
        sts,
        std::string("AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
                    "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"));
    QCOMPARE(sigv4::signature(kSecret, "20150830", "us-east-1", "service", sts),
             std::string("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));
}

void TestSigV4::iamListUsersExample()
{
    sigv4::CanonicalInput in;
    in.method = "GET";
    in.path = "/";
    in.query = {{"Version", "2010-05-08"}, {"Action", "ListUsers"}};
    in.headers = {{"content-type", "application/x-www-form-urlencoded; charset=utf-8"},
                  {"host", "iam.amazonaws.com"},
                  {"x-amz-date", "20150830T123600Z"}};
    in.payloadHash = kEmptyHash;
    const std::string canonical = sigv4::canonicalRequest(in);
    QCOMPARE(hex(sha256(canonical)),
             std::string("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59"));
    QCOMPARE(hex(sigv4::signingKey(kSecret, "20150830", "us-east-1", "iam")),
             std::string("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"));
    const std::string sts
        = sigv4::stringToSign("20150830T123600Z", "20150830/us-east-1/iam/aws4_request", canonical);
    QCOMPARE(sigv4::signature(kSecret, "20150830", "us-east-1", "iam", sts),
             std::string("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"));
}

void TestSigV4::uriEncoding()
{
    QCOMPARE(sigv4::uriEncode("a b/c~d_e.f-g", false), std::string("a%20b%2Fc~d_e.f-g"));
    QCOMPARE(sigv4::uriEncode("/path/x y", true), std::string("/path/x%20y"));
    QCOMPARE(sigv4::uriEncode("é", false), std::string("%C3%A9"));
}

QTEST_GUILESS_MAIN(TestSigV4)
#include "tst_sigv4.moc"
