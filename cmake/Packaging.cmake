# The Debian package: userimg_<version>-<release>_amd64.deb, made by CPack's
# DEB generator (scripts/package runs `cpack -G DEB` in a build directory;
# README.md, "Install on Debian"). Included from CMakeLists.txt.
#
# What the package adds to `cmake --install` (the binaries and
# share/userimg/) is installed by the component "deb", which is
# EXCLUDE_FROM_ALL: a plain `cmake --install build` (to /usr/local) never
# writes /etc or /lib/systemd. CPack installs both components into its
# staging directory with DESTDIR and the prefix /usr (CPACK_SET_DESTDIR),
# so cmake/InstallConfs.cmake writes the package's own paths.
#
# The pieces live in packaging/: debian/ (maintainer scripts, conffiles,
# copyright, changelog) and man/ (the manual pages, written by hand).
# /etc/userimg/userimg.ini is conf/userimg.ini with the production values
# of the package's layout (below), every other setting and comment kept.

set(USERIMG_PACKAGE_RELEASE 1 CACHE STRING "Debian revision of the package (<version>-<release>)")
set(USERIMG_PACKAGE_MAINTAINER "userimg maintainers <maintainers@userimg.example.org>" CACHE STRING
    "Maintainer field of the Debian package")
set(userimg_pkg_dir ${PROJECT_SOURCE_DIR}/packaging)
set(userimg_pkg_out ${CMAKE_BINARY_DIR}/packaging)
file(MAKE_DIRECTORY ${userimg_pkg_out})

# ---- /etc/userimg/userimg.ini: production defaults -------------------------
# Each replacement must match exactly once, so a change of conf/userimg.ini
# that would silently drop a production value fails the configure step.
file(READ ${PROJECT_SOURCE_DIR}/conf/userimg.ini userimg_ini)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  ${PROJECT_SOURCE_DIR}/conf/userimg.ini ${userimg_pkg_dir}/debian/changelog)
function(userimg_ini_set from to)
  string(FIND "${userimg_ini}" "${from}" first)
  string(FIND "${userimg_ini}" "${from}" last REVERSE)
  if(first EQUAL -1 OR NOT first EQUAL last)
    message(FATAL_ERROR "cmake/Packaging.cmake: conf/userimg.ini must contain '${from}' exactly once")
  endif()
  string(REPLACE "${from}" "${to}" replaced "${userimg_ini}")
  set(userimg_ini "${replaced}" PARENT_SCOPE)
endfunction()
userimg_ini_set("\n; Relative paths are relative to the server's working directory.\n"
"\n; Relative paths are relative to the server's working directory.
;
; The Debian package's copy: the state in /var/lib/userimg, the socket
; /run/userimg/userimg.sock (made by userimg.socket under systemd). The JWT
; secret is not here: the package generates it into /etc/userimg/secret.env
; (USERIMG_JWT_SECRET, read by userimg.service; it wins over [jwt] secret).
; Put other secrets there too (USERIMG_DATABASE_PASSWORD, CLOUDINARY_URL).
; Every setting and its default: /usr/share/userimg/userimg.ini.\n")
userimg_ini_set("\ndir = var\n" "\ndir = /var/lib/userimg\n")
userimg_ini_set("\nlisten = 127.0.0.1:9000\n" "\nlisten = /run/userimg/userimg.sock\n")
userimg_ini_set("\nsocket_group =\n" "\nsocket_group = www-data\n")
userimg_ini_set("\n;sqlite_path = /var/lib/userimg/userimg.db\n"
                "\nsqlite_path = /var/lib/userimg/userimg.db\n")
userimg_ini_set("\n;root = /var/lib/userimg/media\n" "\nroot = /var/lib/userimg/media\n")
file(WRITE ${userimg_pkg_out}/userimg.ini "${userimg_ini}")

# ---- Manual pages and the changelog, compressed as Debian wants (gzip -9n) --
function(userimg_gzip source output)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${source})
  execute_process(COMMAND gzip -9n -c ${source} OUTPUT_FILE ${output} RESULT_VARIABLE failed)
  if(failed)
    message(FATAL_ERROR "gzip ${source} failed")
  endif()
endfunction()
userimg_gzip(${userimg_pkg_dir}/man/userimg-fcgi.8 ${userimg_pkg_out}/userimg-fcgi.8.gz)
userimg_gzip(${userimg_pkg_dir}/man/userimgctl.8 ${userimg_pkg_out}/userimgctl.8.gz)
userimg_gzip(${userimg_pkg_dir}/debian/changelog ${userimg_pkg_out}/changelog.Debian.gz)
file(STRINGS ${userimg_pkg_dir}/debian/changelog userimg_changelog_top LIMIT_COUNT 1)
if(NOT userimg_changelog_top MATCHES "^userimg \\(${PROJECT_VERSION}-${USERIMG_PACKAGE_RELEASE}\\) ")
  message(FATAL_ERROR "packaging/debian/changelog must open with the entry of "
    "${PROJECT_VERSION}-${USERIMG_PACKAGE_RELEASE}: ${userimg_changelog_top}")
endif()

# ---- What the package adds (component deb, not in a plain install) -----------
set(deb COMPONENT deb EXCLUDE_FROM_ALL)
install(FILES ${userimg_pkg_out}/userimg.ini DESTINATION /etc/userimg ${deb})
install(FILES conf/apache/userimg.conf conf/apache/userimg-common.conf conf/apache/userimg-fcgid.conf
  DESTINATION /etc/apache2/conf-available ${deb})
install(FILES conf/nginx/userimg-locations.conf DESTINATION /etc/nginx/snippets
  RENAME userimg.conf ${deb})
# Who may see /healthz, /readyz and /metrics (included by the snippet).
install(FILES conf/nginx/userimg-monitoring-allow.conf DESTINATION /etc/nginx/snippets ${deb})
# nginx's own early errors in JSON (included by the site's server block).
install(FILES conf/nginx/userimg-server-errors.conf DESTINATION /etc/nginx/snippets ${deb})
install(FILES conf/nginx/userimg.conf DESTINATION /etc/nginx/sites-available RENAME userimg ${deb})
# The upload page's location (included by the operator, or not).
install(FILES conf/nginx/userimg-uploader.conf DESTINATION /etc/nginx/snippets ${deb})
# The CORS maps the snippet's error pages read (userimgctl cors-conf nginx).
install(FILES conf/nginx/userimg-cors-map.conf DESTINATION /etc/nginx/conf.d
  RENAME userimg-cors.conf ${deb})
# The public images' maps the snippet's static locations read (default sizes;
# userimgctl public-conf nginx).
install(FILES conf/nginx/userimg-public-map.conf DESTINATION /etc/nginx/conf.d
  RENAME userimg-public.conf ${deb})
install(FILES conf/systemd/userimg.service conf/systemd/userimg.socket
  DESTINATION /lib/systemd/system ${deb})
install(FILES ${userimg_pkg_out}/userimg-fcgi.8.gz ${userimg_pkg_out}/userimgctl.8.gz
  DESTINATION ${CMAKE_INSTALL_DATADIR}/man/man8 ${deb})
install(FILES packaging/debian/copyright ${userimg_pkg_out}/changelog.Debian.gz
  DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/userimg ${deb})

# ---- CPack ---------------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME userimg)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${USERIMG_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "FastCGI service for users' profile and cover images")
set(CPACK_PACKAGE_DESCRIPTION
"userimg lets the authenticated users of a site upload, replace, fetch and
delete a profile image and a cover image, behind nginx or Apache (as a
systemd service on a unix socket, like php-fpm, or started by mod_fcgid).
It checks and re-encodes every upload with libvips, keeps users in SQLite or
MariaDB, and stores the images on local disk, served by the web server, or
on Cloudinary.

The package enables nothing in Apache or nginx: it installs a conf for
each (a2enconf userimg, or include snippets/userimg.conf).")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${USERIMG_PACKAGE_RELEASE})
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The libraries by dpkg-shlibdeps; what the maintainer scripts run by hand.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, init-system-helpers (>= 1.54~)")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "nginx | apache2")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${userimg_pkg_dir}/debian/conffiles ${userimg_pkg_dir}/debian/postinst
  ${userimg_pkg_dir}/debian/prerm ${userimg_pkg_dir}/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_STRIP_FILES ON)
# DESTDIR staging with the prefix /usr: absolute destinations (/etc, /lib)
# land in the package and InstallConfs.cmake sees the real prefix.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_INSTALL_CMAKE_PROJECTS
  "${CMAKE_BINARY_DIR};userimg;Unspecified;/" "${CMAKE_BINARY_DIR};userimg;deb;/")
include(CPack)
