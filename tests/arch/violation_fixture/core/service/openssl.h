// Planted for arch.layering_detects_violations: OpenSSL outside core/crypto
#include <openssl/md5.h>
