# alinea_target_warnings(<target>): the project's warning set, on one target only.
function(alinea_target_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                             -Wno-sign-conversion
                                             # designated initializers of option structs
                                             -Wno-missing-field-initializers)
    if(ALINEA_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
endfunction()
