# integration.bundle: the self-contained build. scripts/bundle packs this
# build's binaries with their libraries; bundle_test.sh unpacks the tarball
# into a chroot that holds only the base runtime (glibc, libstdc++,
# libgcc_s), checks with the dynamic loader that every library resolves
# inside the bundle, starts userimg-fcgi there behind a private nginx on
# 127.0.0.1:${USERIMG_IT_PORT_BASE}+20 and runs the user_images, users_me and
# image_pipeline suites and HEIC/AVIF uploads against it. Needs root (chroot,
# a private mount namespace). Included from tests/integration/CMakeLists.txt.
math(EXPR port_bundle "${USERIMG_IT_PORT_BASE} + 20")
add_test(NAME integration.bundle
  COMMAND ${it_scripts}/bundle_test.sh ${it_dir}/bundle ${PROJECT_SOURCE_DIR}
    ${CMAKE_BINARY_DIR} ${port_bundle})
# Run by another user than root, it is skipped (exit 77).
set_tests_properties(integration.bundle PROPERTIES TIMEOUT 600 LABELS integration
  SKIP_RETURN_CODE 77)
