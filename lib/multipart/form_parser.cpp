// parseForm(): drives Poco::Net::MultipartReader over a capped body stream.
//
// What Poco's reader does not check for us, and this file does:
// - a part stream that ends at end of input rather than at a boundary
//   (a truncated body) looks like a normal last part to Poco; we ask the part
//   stream whether it saw the closing delimiter;
// - the byte limit, through CappedStreamBuf;
// - the number of parts, the Content-Disposition of each, field sizes.

#include <Poco/Exception.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/MultipartReader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/NetException.h>
#include <Poco/String.h>

#include <exception>
#include <istream>
#include <optional>
#include <system_error>

#include "multipart/capped_streambuf.h"
#include "multipart/form_parser.h"
#include "multipart/spool.h"

namespace userimg::multipart {
namespace {

struct Disposition {
  std::string name;
  std::optional<std::string> fileName;
};

// The form-data name (and filename, if any) of a part; kInvalidArgument when
// the part has no "Content-Disposition: form-data; name=..." header.
core::Result<Disposition> dispositionOf(const Poco::Net::MessageHeader& header, int partNumber) {
  const std::string where = "Multipart part " + std::to_string(partNumber);
  if (!header.has("Content-Disposition")) {
    return core::Status::invalidArgument(where + " has no Content-Disposition header");
  }
  std::string type;
  Poco::Net::NameValueCollection parameters;
  Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition"), type, parameters);
  if (Poco::icompare(Poco::trim(type), std::string("form-data")) != 0) {
    return core::Status::invalidArgument(where + " is not form-data");
  }
  Disposition d;
  d.name = parameters.get("name", "");
  if (d.name.empty()) return core::Status::invalidArgument(where + " has no name");
  if (parameters.has("filename")) d.fileName = parameters.get("filename");
  return d;
}

class FormReader {
 public:
  FormReader(std::istream& body, const std::set<std::string>& fileFields, const FormLimits& limits,
             const std::filesystem::path& tempDir)
      : capped_(*body.rdbuf(), limits.maxBodyBytes),
        in_(&capped_),
        fileFields_(fileFields),
        limits_(limits),
        tempDir_(tempDir) {}

  // Reads the whole body into form_. Throws what Poco throws.
  core::Status read(const std::string& boundary) {
    Poco::Net::MultipartReader reader(in_, boundary);
    int partCount = 0;
    for (;;) {
      Poco::Net::MessageHeader header;
      // The first call skips any preamble up to the first delimiter line.
      reader.nextPart(header);
      if (++partCount > limits_.maxParts) {
        return core::Status::invalidArgument("Multipart body has more than " +
                                             std::to_string(limits_.maxParts) + " parts");
      }
      if (core::Status s = readPart(header, reader.stream(), partCount); !s.isOk()) return s;
      // A part ends either at a delimiter or at end of input; only the
      // closing delimiter "--boundary--" ends the body properly.
      const auto& part = dynamic_cast<const Poco::Net::MultipartIOS&>(reader.stream());
      if (part.lastPart()) break;
      if (!reader.hasNextPart()) return truncated();
    }
    // Read the epilogue too (bounded by the cap) so the limit applies to the
    // whole body, not only up to the closing delimiter.
    drain(in_);
    return core::Status::ok();
  }

  // Set when more than maxBodyBytes were read; this beats any other failure,
  // which may only be a consequence of the cut.
  bool exceeded() const { return capped_.exceeded(); }
  ParsedForm& form() { return form_; }

 private:
  static core::Status truncated() {
    return core::Status::invalidArgument("Multipart body ends before its closing boundary");
  }

  core::Status readPart(const Poco::Net::MessageHeader& header, std::istream& part,
                        int partNumber) {
    core::Result<Disposition> d = dispositionOf(header, partNumber);
    if (!d) return d.status();
    if (fileFields_.count(d->name) != 0) {
      if (form_.file(d->name) != nullptr) {
        return core::Status::invalidArgument("File field '" + d->name + "' was sent twice");
      }
      // Registered before the file exists: whatever happens next, the form's
      // destructor removes it.
      UploadedFile& file = form_.files().emplace_back();
      file.fieldName = d->name;
      file.clientFileName = d->fileName.value_or("");
      return spoolToTempFile(part, tempDir_, file);
    }
    if (d->fileName) {
      // A file nobody asked for: read past it.
      drain(part);
      return core::Status::ok();
    }
    std::string value;
    if (!readBounded(part, limits_.maxFieldBytes, value)) {
      return core::Status::invalidArgument("A form field exceeds the limit of " +
                                           std::to_string(limits_.maxFieldBytes) + " bytes");
    }
    // A repeated plain field keeps its last value.
    form_.fields()[d->name] = std::move(value);
    return core::Status::ok();
  }

  CappedStreamBuf capped_;
  std::istream in_;
  const std::set<std::string>& fileFields_;
  const FormLimits& limits_;
  const std::filesystem::path& tempDir_;
  ParsedForm form_;
};

core::Status tooLarge(const FormLimits& limits) {
  return core::Status::payloadTooLarge("Request body exceeds the limit of " +
                                       std::to_string(limits.maxBodyBytes) + " bytes");
}

core::Status prepareTempDir(const std::filesystem::path& tempDir) {
  std::error_code ec;
  std::filesystem::create_directories(tempDir, ec);
  if (ec) {
    return core::Status::internal("Cannot create temp directory " + tempDir.string() + ": " +
                                  ec.message());
  }
  return core::Status::ok();
}

}  // namespace

core::Result<ParsedForm> parseForm(std::istream& body, std::string_view contentType,
                                   const std::set<std::string>& fileFields,
                                   const FormLimits& limits, const std::filesystem::path& tempDir) {
  core::Result<std::string> boundary = boundaryOf(contentType);
  if (!boundary) return boundary.status();
  if (core::Status s = prepareTempDir(tempDir); !s.isOk()) return s;

  // On every early return the reader, and with it the partial form, is
  // destroyed, which removes the temp files already written.
  FormReader reader(body, fileFields, limits, tempDir);
  core::Status status;
  try {
    status = reader.read(boundary.value());
  } catch (const Poco::Net::MultipartException&) {
    status = core::Status::invalidArgument("Malformed multipart body: no boundary line found");
  } catch (const Poco::Net::MessageException&) {
    status = core::Status::invalidArgument("Malformed multipart part headers");
  } catch (const Poco::Exception& e) {
    // Spooling reports its own I/O failures as a Status; what Poco throws
    // while reading the client's bytes is a malformed body.
    status = core::Status::invalidArgument("Malformed multipart body: " + e.message());
  } catch (const std::exception& e) {
    status = core::Status::internal(std::string("Multipart parsing failed: ") + e.what());
  }
  if (reader.exceeded()) return tooLarge(limits);
  if (!status.isOk()) return status;
  return std::move(reader.form());
}

}  // namespace userimg::multipart
