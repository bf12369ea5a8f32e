#include "tests/graph/synth/h5_compare.h"

#include <ATen/ops/equal.h>

#include "core/error.h"
#include "core/io/h5_attribute.h"
#include "core/io/h5_file.h"
#include "core/io/h5_strings.h"
#include "core/io/h5_tensor.h"
#include "core/str.h"

namespace zipp::graph::synth::testing {
namespace {

namespace h5 = core::h5;

// An attribute's value as text, whatever its type.
std::string attribute_text(const h5::Object& object, const std::string& name) {
  try {
    return core::str(at::IntArrayRef(h5::attribute_int64s(object, name)));
  } catch (const core::Error&) {
  }
  try {
    return core::str(h5::attribute_double(object, name));
  } catch (const core::Error&) {
  }
  return h5::attribute_string(object, name);
}

std::string attributes_difference(const h5::Object& a, const h5::Object& b) {
  const auto names = h5::attribute_names(a);
  if (names != h5::attribute_names(b)) return core::str(a.path(), ": attribute names differ");
  for (const std::string& name : names) {
    if (attribute_text(a, name) != attribute_text(b, name)) {
      return core::str(a.path(), ": attribute ", name, " differs: ", attribute_text(a, name),
                       " vs ", attribute_text(b, name));
    }
  }
  return {};
}

std::string dataset_difference(const h5::Object& a, const h5::Object& b, const std::string& path) {
  const h5::DatasetInfo ia = h5::dataset_info(a, path);
  const h5::DatasetInfo ib = h5::dataset_info(b, path);
  if (ia.type_name != ib.type_name || ia.shape != ib.shape) {
    return core::str(path, ": ", ia.type_name, " ", h5::shape_text(ia.shape), " vs ", ib.type_name,
                     " ", h5::shape_text(ib.shape));
  }
  if (ia.type_name == "string") {
    if (h5::read_strings(a, path) != h5::read_strings(b, path)) return path + ": strings differ";
  } else if (!at::equal(h5::read_tensor(a, path), h5::read_tensor(b, path))) {
    return path + ": values differ";
  }
  const h5::Dataset da = h5::open_dataset(a, path);
  const h5::Dataset db = h5::open_dataset(b, path);
  return attributes_difference(da, db);
}

std::string group_difference(const h5::Object& a, const h5::Object& b, const std::string& path) {
  const h5::Group ga = h5::open_group(a, path);
  const h5::Group gb = h5::open_group(b, path);
  if (std::string d = attributes_difference(ga, gb); !d.empty()) return d;
  const auto names = h5::member_names(ga);
  if (names != h5::member_names(gb)) return core::str(path, ": members differ");
  for (const std::string& name : names) {
    const std::string child = path == "/" ? "/" + name : path + "/" + name;
    const h5::ObjectType type = h5::object_type(a, child);
    if (type != h5::object_type(b, child)) return child + ": object types differ";
    const std::string d = type == h5::ObjectType::kGroup ? group_difference(a, b, child)
                                                         : dataset_difference(a, b, child);
    if (!d.empty()) return d;
  }
  return {};
}

}  // namespace

std::string h5_difference(const std::filesystem::path& a, const std::filesystem::path& b) {
  const h5::File fa = h5::File::open(a, h5::Access::kRead);
  const h5::File fb = h5::File::open(b, h5::Access::kRead);
  return group_difference(fa, fb, "/");
}

}  // namespace zipp::graph::synth::testing
