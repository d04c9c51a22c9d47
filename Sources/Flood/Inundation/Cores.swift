#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func sysconfCores() -> Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
