#!/usr/bin/env python3
"""Writes the seed corpora fuzz/corpus/<target>/ from the unit tests' fixtures.

Each seed is laid out the way its target's FuzzedDataProvider reads it: the
option bytes at the end (read from the last byte backwards), strings first,
each ended by a backslash and one other byte, the rest last. Run it again
after changing a target's layout; the regression inputs of findings
(fuzz/corpus/<target>/finding-*) are kept, not written here.

    python3 fuzz/make_seeds.py
"""

import base64
import hashlib
import hmac
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
CORPUS = os.path.join(HERE, "corpus")


def fdp_string(text):
    """A string as ConsumeRandomLengthString reads it, with its terminator."""
    if isinstance(text, str):
        text = text.encode()
    return text.replace(b"\\", b"\\\\") + b"\\\n"


def write(target, name, data):
    if isinstance(data, str):
        data = data.encode()
    directory = os.path.join(CORPUS, target)
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "wb") as out:
        out.write(data)


def fresh(target):
    """Removes a target's generated seeds, keeping finding-* inputs."""
    directory = os.path.join(CORPUS, target)
    if os.path.isdir(directory):
        for name in os.listdir(directory):
            if not name.startswith("finding-"):
                os.remove(os.path.join(directory, name))


# --- multipart: option bytes [fieldCap, maxParts, bodyCap], Content-Type, body
# (tests/multipart/form_parser_test.cpp and boundary_test.cpp)

BOUNDARY = "XyZ-boundary-42"
TYPE = "multipart/form-data; boundary=" + BOUNDARY


def file_part(boundary, name, filename, content):
    return (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; "
            f"filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            f"{content}\r\n")


def field_part(boundary, name, value):
    return f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"


def closing(boundary):
    return f"--{boundary}--\r\n"


def multipart(name, content_type, body, body_cap=0, max_parts=15, field_cap=0):
    # bodyCap 0: 1 MiB; maxParts 1 + 15 = 16; fieldCap 0: 8 KiB.
    write("multipart", name,
          fdp_string(content_type) + body.encode("latin-1") + bytes([field_cap, max_parts, body_cap]))


def multipart_seeds():
    fresh("multipart")
    b = BOUNDARY
    jpeg = "\xff\xd8\xff\xe0\x00\x10JFIF\x00fake-image-bytes"
    multipart("single-file", TYPE, file_part(b, "profile_image", "me.jpg", jpeg) + closing(b))
    multipart("two-files", TYPE,
              file_part(b, "profile_image", "a.png", "\x89PNG\r\n\x1a\nabc") +
              file_part(b, "cover_image", "b.gif", "GIF89a...") + closing(b))
    multipart("plain-fields", TYPE,
              field_part(b, "type", "profile_image") + field_part(b, "note", "hello") + closing(b))
    multipart("preamble", TYPE,
              "This is the preamble.\r\n" + file_part(b, "profile_image", "x", "data") + closing(b))
    multipart("quoted-boundary", f"multipart/form-data; boundary=\"{b}\"",
              file_part(b, "cover_image", "c.webp", "RIFF\x00\x00\x00\x00WEBPVP8 ") + closing(b))
    special = "a'()+_,-./:=? z"
    multipart("special-boundary", f"multipart/form-data; boundary=\"{special}\"",
              field_part(special, "f", "v") + closing(special))
    multipart("webkit-boundary", "multipart/form-data; boundary=----WebKitFormBoundaryAbC123",
              file_part("----WebKitFormBoundaryAbC123", "profile_image", "p.jpg", jpeg) +
              closing("----WebKitFormBoundaryAbC123"))
    multipart("missing-closing", TYPE, file_part(b, "profile_image", "me.jpg", "abc"))
    multipart("ends-in-headers", TYPE, f"--{b}\r\nContent-Disposition: form-data; na")
    multipart("no-boundary-line", TYPE, "just some bytes\r\n")
    multipart("unexpected-file", TYPE,
              file_part(b, "other", "o.bin", "zzz") + field_part(b, "type", "x") + closing(b))
    multipart("file-twice", TYPE,
              file_part(b, "profile_image", "1", "a") + file_part(b, "profile_image", "2", "b") +
              closing(b))
    multipart("no-disposition", TYPE, f"--{b}\r\nContent-Type: text/plain\r\n\r\nx\r\n" + closing(b))
    multipart("epilogue", TYPE, field_part(b, "f", "v") + closing(b) + "eeeeeeeeeee", body_cap=1)
    multipart("small-caps", TYPE, field_part(b, "f", "v" * 20) + closing(b), body_cap=2,
              max_parts=0, field_cap=1)
    multipart("not-form-data", "multipart/mixed; boundary=x", closing("x"))
    multipart("long-boundary", "multipart/form-data; boundary=" + "a" * 71, closing("a" * 71))


# --- jwt: option bytes [algorithm, mode, cache, audience, issuer, leeway, mask]
# (tests/auth/jwt_verifier_test.cpp: its secret, clock and claims)

SECRET = b"0123456789abcdef0123456789abcdef"
NOW = 1_700_000_000
DIGESTS = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}
ALGORITHM_INDEX = {"HS256": 0, "HS384": 1, "HS512": 2}


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign(header, claims, algorithm="HS256", secret=SECRET):
    signing_input = b64url(header.encode()) + "." + b64url(claims.encode())
    digest = DIGESTS.get(algorithm, hashlib.sha256)
    mac = hmac.new(secret, signing_input.encode(), digest).digest()
    return signing_input + "." + b64url(mac)


def claims(**extra):
    values = {"sub": "user-42", "exp": NOW + 600, "iat": NOW - 10}
    values.update(extra)
    return json.dumps({k: v for k, v in values.items() if v is not None}, separators=(",", ":"))


def jwt_options(mode, algorithm="HS256", mask=0b111, leeway=30, issuer=0, audience=0, cache=1):
    # leeway byte b: -5 + b % 126; mask bit i: HS256, HS384, HS512, none, RS256.
    return bytes([ALGORITHM_INDEX.get(algorithm, 0), mode, cache, audience, issuer,
                  leeway + 5, mask])


def jwt_seeds():
    fresh("jwt")
    header = '{"alg":"HS256","typ":"JWT"}'
    # mode 0: whole Authorization headers
    bearer = {
        "valid": sign(header, claims(email="a@example.com", username="alice")),
        "wrong-secret": sign(header, claims(), secret=b"another-secret"),
        "alg-none": b64url(b'{"alg":"none","typ":"JWT"}') + "." + b64url(claims().encode()) + ".",
        "hs512": sign('{"alg":"HS512","typ":"JWT"}', claims(), "HS512"),
        "garbage": "not.a.token",
    }
    for name, token in bearer.items():
        write("jwt", "bearer-" + name, "Bearer " + token + jwt_options(0).decode("latin-1"))
    write("jwt", "bearer-lowercase", b"bearer " + bearer["valid"].encode() + jwt_options(0))
    write("jwt", "basic-scheme", b"Basic dXNlcjpwYXNz" + jwt_options(0))
    # mode 1: claims signed by the fuzzer
    signed_claims = {
        "valid": claims(email="a@example.com", username="alice", preferred_username="not-this"),
        "preferred": claims(preferred_username="bob"),
        "non-string-profile": claims(email=12, username=True, preferred_username="carol"),
        "no-exp": claims(exp=None),
        "string-exp": claims(exp="1900000000"),
        "bool-exp": claims(exp=True),
        "expired": claims(exp=NOW - 31),
        "fraction-exp": claims(exp=NOW + 0.5),
        "nbf-future": claims(nbf=NOW + 31),
        "nbf-leeway": claims(nbf=NOW + 30),
        "issuer": claims(iss="https://auth.example.com"),
        "audience-list": claims(aud=["other", "userimg"]),
        "audience": claims(aud="userimg", iss="https://auth.example.com"),
        "no-sub": claims(sub=None),
        "numeric-sub": claims(sub=42),
        "long-sub": claims(sub="u" * 192),
        "control-sub": claims(sub="user\u0001"),
        "scope": claims(scope="userimg:lookup other"),
        "huge-exp": claims(exp=2 ** 63 + 5),
        "array-payload": "[1,2,3]",
    }
    for name, text in signed_claims.items():
        write("jwt", "claims-" + name, text.encode() + jwt_options(1, issuer=1 if "iss" in text else 0,
                                                               audience=1 if "aud" in text else 0))
    write("jwt", "claims-hs384", claims().encode() + jwt_options(1, "HS384", mask=0b010))
    # mode 2: header and claims signed by the fuzzer
    for name, jose in {"kid": '{"alg":"HS256","typ":"JWT","kid":"k1"}',
                       "alg-number": '{"alg":256}', "not-object": '"HS256"',
                       "alg-none": '{"alg":"none"}'}.items():
        write("jwt", "header-" + name, fdp_string(jose) + claims().encode() + jwt_options(2))


SEEDS = {"multipart": multipart_seeds, "jwt": jwt_seeds}

if __name__ == "__main__":
    for target in sys.argv[1:] or SEEDS:
        SEEDS[target]()
