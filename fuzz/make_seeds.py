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


def fdp_ints(values):
    """Integers as FuzzedDataProvider's ConsumeIntegralInRange reads them.

    `values` lists (value, low, high) in the order the target consumes them;
    the first is read from the input's last bytes, each as few bytes as its
    range needs, most significant byte last in the file.
    """
    tail = b""
    for value, low, high in values:
        span = high - low
        count = 0
        while count < 8 and (span >> (8 * count)) > 0:
            count += 1
        tail = (value - low).to_bytes(count, "little") + tail
    return tail


def fdp_flagged_strings(names, values):
    """The bit mask of which `names` are in `values`, and their strings in
    the order of `names`: how the router and config targets read variables."""
    mask = 0
    strings = b""
    for index, name in enumerate(names):
        if name in values:
            mask |= 1 << index
            strings += fdp_string(values[name])
    return mask, strings


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
    multipart("epilogue", TYPE, field_part(b, "f", "v") + closing(b) + "e" * 500, body_cap=1)
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


# --- image_sniff: mode (last byte), then the data or the header limits
# (tests/image/sniff_test.cpp, webp_metadata_test.cpp, jpeg_keep_test.cpp)

INT_MIN, INT_MAX = -2 ** 31, 2 ** 31 - 1


def image(name, mode, data):
    write("image_sniff", name, data + fdp_ints([(mode, 0, 3)]))


def riff(chunks):
    return b"RIFF" + (4 + len(chunks)).to_bytes(4, "little") + b"WEBP" + chunks


def chunk(fourcc, payload):
    pad = b"\0" if len(payload) % 2 else b""
    return fourcc + len(payload).to_bytes(4, "little") + payload + pad


def vips_jpegs():
    """Small JPEGs written by libvips as jpeg_keep_test.cpp makes them, or
    none when the vips command is missing."""
    import subprocess
    import tempfile
    if shutil.which("vips") is None:
        return {}
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        noise = os.path.join(tmp, "noise.v")
        colour = os.path.join(tmp, "colour.v")
        subprocess.run(["vips", "gaussnoise", noise, "16", "16", "--seed", "1"], check=True)
        subprocess.run(["vips", "colourspace", noise, colour, "srgb"], check=True)
        for name, source, options in [("grey", noise, "[Q=85,strip]"),
                                      ("colour", colour, "[Q=85,strip]"),
                                      ("progressive", colour, "[Q=85,strip,interlace]"),
                                      ("restart", colour, "[Q=50,strip,restart_interval=1]"),
                                      ("metadata", colour, "[Q=90]")]:
            path = os.path.join(tmp, name + ".jpg")
            subprocess.run(["vips", "copy", source, path + options], check=True)
            with open(path, "rb") as f:
                out[name] = f.read()
    return out


def image_seeds():
    fresh("image_sniff")
    heads = {
        "jpeg": b"\xff\xd8\xff\xe0rest", "png": b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR",
        "gif87": b"GIF87a...", "gif89": b"GIF89a...", "webp": b"RIFF\x10\0\0\0WEBPVP8 ",
        "wave": b"RIFF\x10\0\0\0WAVEfmt ",
        "heic": b"\0\0\0\x18ftypheic\0\0\0\0mif1heic",
        "avif": b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf",
        "mp4": b"\0\0\0\x18ftypisom\0\0\0\0isomavc1", "pdf": b"%PDF-1.7\n",
        "tiff": b"II*\0\x08", "bmp": b"BM\x36\0\0\0\0\0\0\0\x36\0\0\0", "psd": b"8BPS\0\1",
        "svg": b"\xef\xbb\xbf  <?xml version='1.0'?>\n<!-- x -->\n<svg>",
        "html": b"\n\t<!DOCTYPE html><html>", "xml": b"<?xml version='1.0'?><root/>",
        "zip": b"PK\3\4", "jxl": b"\xff\x0a", "ico": b"\0\0\1\0",
    }
    for name, head in heads.items():
        image("sniff-" + name, 0, head)
    # mode 1: width, height, frames, orientation, then the four limits
    for name, (w, h, frames, orientation, mw, mh, mp, mf) in {
            "within": (4000, 3000, 1, 1, 20000, 20000, 50, 100),
            "megapixels": (30000, 30000, 1, 1, 20000, 20000, 50, 100),
            "rotated": (25000, 100, 1, 6, 20000, 20000, 50, 100),
            "frames": (100, 100, 150, 1, 20000, 20000, 50, 100),
            "no-pixels": (0, -5, 1, 1, 20000, 20000, 50, 100),
            "huge": (INT_MAX, INT_MAX, INT_MAX, 8, 2 ** 30, 2 ** 30, 2 ** 30, 2 ** 20)}.items():
        write("image_sniff", "limits-" + name, fdp_ints([
            (1, 0, 3), (w, INT_MIN, INT_MAX), (h, INT_MIN, INT_MAX), (frames, INT_MIN, INT_MAX),
            (orientation, -1, 10), (mw, 1, 2 ** 30), (mh, 1, 2 ** 30), (mp, 1, 2 ** 30),
            (mf, 1, 2 ** 20)]))
    for name, jpeg in vips_jpegs().items():
        image("jpeg-" + name, 2, jpeg)
    image("jpeg-truncated", 2, b"\xff\xd8\xff\xdb\x00\x43\x00")
    vp8x = b"\x2c" + b"\0" * 9
    image("webp-metadata", 3, riff(chunk(b"VP8X", vp8x) + chunk(b"ICCP", b"profile") +
                                   chunk(b"ALPH", b"a") + chunk(b"VP8 ", b"pixels") +
                                   chunk(b"EXIF", b"GPS here") + chunk(b"XMP ", b"<x/>")))
    image("webp-simple", 3, riff(chunk(b"VP8 ", b"abc")))
    image("webp-bad-size", 3, b"RIFF\xff\xff\xff\xffWEBPVP8 ")


# --- router: option bytes [variables (2), method, prefix], then one string
# per variable sent, in kVariables' order, then a query parameter's name
# (tests/http/cgi_request_test.cpp, router_test.cpp)

ROUTER_VARIABLES = ["REQUEST_URI", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "CONTENT_TYPE",
                    "CONTENT_LENGTH", "HTTP_AUTHORIZATION", "REDIRECT_HTTP_AUTHORIZATION",
                    "HTTP_X_FORWARDED_FOR", "REQUEST_ID", "UNIQUE_ID"]
METHODS = ["GET", "HEAD", "POST", "DELETE", "PUT", "OPTIONS", "PATCH", None]
PREFIXES = ["", "/~alice", "/app/images"]


def router(name, method, variables, prefix="", query_name="type"):
    mask, strings = fdp_flagged_strings(ROUTER_VARIABLES, variables)
    write("router", name, strings + fdp_string(query_name) + fdp_ints([
        (PREFIXES.index(prefix), 0, 2), (METHODS.index(method), 0, 7), (mask, 0, 2 ** 16 - 1)]))


def router_seeds():
    fresh("router")
    router("delete-query", "DELETE", {"REQUEST_URI": "/api/resume/user-images/?type=cover_image"})
    router("escaped", "GET", {"REQUEST_URI": "/users/%6De/profile%2Dimage"})
    router("script-name", "POST", {"SCRIPT_NAME": "/users/me", "PATH_INFO": "/cover-image"})
    router("mount-prefix", "DELETE",
           {"REQUEST_URI": "/~alice/api/resume/user-images/?type=profile_image"}, "/~alice")
    router("mount-app", "GET", {"REQUEST_URI": "/app/images/users/me"}, "/app/images")
    router("mount-apple", "GET", {"REQUEST_URI": "/apple/users/me"}, "/app/images")
    router("mount-only", "GET", {"REQUEST_URI": "/app/images"}, "/app/images")
    router("mount-escaped", "GET", {"REQUEST_URI": "/%7Ealice/users/me"}, "/~alice")
    router("authorization", "GET", {"REQUEST_URI": "/users/me", "HTTP_AUTHORIZATION": "Bearer abc",
                                    "REQUEST_ID": "0123456789abcdef"})
    router("redirected", "GET", {"REQUEST_URI": "/users/me", "HTTP_AUTHORIZATION": "",
                                 "REDIRECT_HTTP_AUTHORIZATION": "Bearer once",
                                 "UNIQUE_ID": "Z2x0aH8AAQEAAAWm@QgAAAAC"})
    router("content", "POST", {"REQUEST_URI": "/users/me/profile-image",
                               "CONTENT_TYPE": "multipart/form-data; boundary=x",
                               "CONTENT_LENGTH": "1234"})
    router("bad-escape", "GET", {"REQUEST_URI": "/users/%zz"})
    router("no-method", None, {"REQUEST_URI": "/users/me"})
    router("head", "HEAD", {"REQUEST_URI": "/healthz"})
    router("not-allowed", "PUT", {"REQUEST_URI": "/api/resume/user-images/"})
    router("not-found", "GET", {"REQUEST_URI": "/api/nothing"})
    router("avatar", "GET", {"REQUEST_URI": "/avatars/AAAAAAAAAAAAAAAAAAAAAA?s=128&d=404"},
           query_name="s")
    router("cover", "GET", {"REQUEST_URI": "/covers/AAAAAAAAAAAAAAAAAAAAAA?w=640"}, query_name="w")
    router("query-plus", "GET", {"REQUEST_URI": "/api/resume/user-images/?type=a+b%2Bc&type=x"})
    router("trailing-slash", "POST", {"REQUEST_URI": "/users/me/public-key/"})


# --- config: option bytes [variables (2)], one string per variable set, in
# kVariables' order, then the INI file (conf/userimg.ini, tests/config/)

CONFIG_VARIABLES = ["USERIMG_JWT_SECRET", "USERIMG_JWT_ALGORITHMS", "USERIMG_SERVER_THREADS",
                    "USERIMG_UPLOAD_MAX_BYTES", "USERIMG_DATABASE_DRIVER",
                    "USERIMG_SERVER_MOUNT_PREFIX", "USERIMG_IMAGES_MAX_WIDTH",
                    "USERIMG_HTTP_CORS_ORIGINS", "USERIMG_STORAGE_BACKEND", "CLOUDINARY_URL"]
CONFIG_SECRET = "0123456789abcdef0123456789abcdef"


def config(name, ini, variables=None):
    variables = variables if variables is not None else {"USERIMG_JWT_SECRET": CONFIG_SECRET}
    mask, strings = fdp_flagged_strings(CONFIG_VARIABLES, variables)
    write("config", name, strings + ini.encode() + fdp_ints([(mask, 0, 2 ** 16 - 1)]))


def config_seeds():
    fresh("config")
    with open(os.path.join(REPO, "conf", "userimg.ini")) as f:
        config("shipped", f.read())
    secret = "[jwt]\nsecret = " + CONFIG_SECRET + "\n"
    config("secret-in-file", secret + "algorithms = HS256, HS512\nleeway = 60\n", {})
    config("no-secret", "[server]\nthreads = 4\n", {})
    config("short-secret", "[jwt]\nsecret = short\n", {})
    config("images", secret + "[images]\nkeep_jpeg = false\njpeg_quality = 80\n"
           "sibling_formats = AVIF, webp\nsibling_main = yes\nprofile_variants = 64,128\n", {})
    config("bad-values", secret + "[images]\nwebp_effort = 7\nplaceholders = sometimes\n", {})
    config("expansion", secret + "[data]\ndir = /srv/userimg\n[upload]\n"
           "temp_dir = ${data.dir}/tmp\n", {})
    config("self-reference", secret + "[data]\ndir = ${data.dir}/x\n", {})
    config("log", secret + "[log]\nformat = JSON\naccess = off\nuser_ids = yes\n"
           "trust_request_id = true\n", {})
    config("health", secret + "[health]\nhealthz_path = /metrics\n", {})
    config("mount", "[server]\nmount_prefix = /~alice/\n",
           {"USERIMG_JWT_SECRET": CONFIG_SECRET, "USERIMG_SERVER_MOUNT_PREFIX": "/app%"})
    config("cloudinary", secret + "[storage]\nbackend = cloudinary\n",
           {"CLOUDINARY_URL": "cloudinary://key:secret@demo"})
    config("cors", secret, {"USERIMG_HTTP_CORS_ORIGINS": "https://a.example, http://b:8080"})
    config("env-overrides", "", {"USERIMG_JWT_SECRET": CONFIG_SECRET,
                                 "USERIMG_SERVER_THREADS": "2000",
                                 "USERIMG_UPLOAD_MAX_BYTES": "1023",
                                 "USERIMG_DATABASE_DRIVER": "MySQL"})


SEEDS = {"multipart": multipart_seeds, "jwt": jwt_seeds, "image_sniff": image_seeds,
         "router": router_seeds, "config": config_seeds}

if __name__ == "__main__":
    for target in sys.argv[1:] or SEEDS:
        SEEDS[target]()
