# Runs at install time (install(SCRIPT) from CMakeLists.txt): installs the
# web server and service configurations under <prefix>/share/userimg/ with
# the install's own paths. The repository's files name a package's layout
# (/usr/bin/userimg-fcgi, /usr/share/userimg); a source install under
# /usr/local gets /usr/local/bin/... in its copies, so they work as they
# are. Needs USERIMG_SOURCE_DIR, USERIMG_BINDIR and USERIMG_DATADIR (set by
# install(CODE) before it).

if(IS_ABSOLUTE "${USERIMG_BINDIR}")
  set(userimg_bindir "${USERIMG_BINDIR}")
else()
  set(userimg_bindir "${CMAKE_INSTALL_PREFIX}/${USERIMG_BINDIR}")
endif()
if(IS_ABSOLUTE "${USERIMG_DATADIR}")
  set(userimg_sharedir "${USERIMG_DATADIR}/userimg")
else()
  set(userimg_sharedir "${CMAKE_INSTALL_PREFIX}/${USERIMG_DATADIR}/userimg")
endif()

function(userimg_install_conf source subdir)
  file(READ "${USERIMG_SOURCE_DIR}/${source}" text)
  string(REPLACE "/usr/share/userimg" "${userimg_sharedir}" text "${text}")
  string(REPLACE "/usr/bin/userimg" "${userimg_bindir}/userimg" text "${text}")
  get_filename_component(name "${source}" NAME)
  set(destination "$ENV{DESTDIR}${userimg_sharedir}/${subdir}")
  file(MAKE_DIRECTORY "${destination}")
  message(STATUS "Installing: ${destination}/${name}")
  file(WRITE "${destination}/${name}" "${text}")
endfunction()

foreach(conf userimg.conf userimg-fcgid.conf userimg-common.conf shared-hosting.htaccess)
  userimg_install_conf(conf/apache/${conf} apache)
endforeach()
foreach(conf userimg.conf userimg-locations.conf userimg-accept-map.conf userimg-media-accept.conf
    userimg-monitoring-allow.conf userimg-cors-map.conf userimg-public-map.conf userimg-uploader.conf
    userimg-server-errors.conf)
  userimg_install_conf(conf/nginx/${conf} nginx)
endforeach()
userimg_install_conf(conf/systemd/userimg.service systemd)
userimg_install_conf(conf/systemd/userimg.socket systemd)
