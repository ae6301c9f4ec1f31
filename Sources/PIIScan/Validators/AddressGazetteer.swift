/// The Korean administrative hierarchy used by ``AddressValidator`` (spec §6.1, §6.4, §6.5):
/// the 17 top-level units (시·도) with full, short and legacy names, and a gazetteer of
/// 시·군·구 names (incl. 일반구 of large cities, 2023/2024/2026 changes and common legacy names),
/// each mapped to the 시·도 it belongs to (a bit mask: `중구` exists in six of them).
enum AddressGazetteer {
    /// Index of each 시·도; bit `1 << index` in the masks below.
    enum Sido: Int, CaseIterable {
        case seoul, busan, daegu, incheon, gwangju, daejeon, ulsan, sejong, gyeonggi, gangwon
        case chungbuk, chungnam, jeonbuk, jeonnam, gyeongbuk, gyeongnam, jeju

        var bit: UInt32 { 1 << UInt32(rawValue) }

        /// The current official name (used for the canonical form).
        var fullName: String {
            switch self {
            case .seoul: "서울특별시"
            case .busan: "부산광역시"
            case .daegu: "대구광역시"
            case .incheon: "인천광역시"
            case .gwangju: "광주광역시"
            case .daejeon: "대전광역시"
            case .ulsan: "울산광역시"
            case .sejong: "세종특별자치시"
            case .gyeonggi: "경기도"
            case .gangwon: "강원특별자치도"
            case .chungbuk: "충청북도"
            case .chungnam: "충청남도"
            case .jeonbuk: "전북특별자치도"
            case .jeonnam: "전라남도"
            case .gyeongbuk: "경상북도"
            case .gyeongnam: "경상남도"
            case .jeju: "제주특별자치도"
            }
        }

        /// First-two-digit range of the 5-digit postcodes (국가기초구역번호, §6.4).
        var postcodePrefixes: ClosedRange<Int> {
            switch self {
            case .seoul: 1...9
            case .busan: 46...49
            case .daegu: 41...43
            case .incheon: 21...23
            case .gwangju: 61...62
            case .daejeon: 34...35
            case .ulsan: 44...45
            case .sejong: 30...30
            case .gyeonggi: 10...20
            case .gangwon: 24...26
            case .chungbuk: 27...29
            case .chungnam: 31...33
            case .jeonbuk: 54...56
            case .jeonnam: 57...60
            case .gyeongbuk: 36...40
            case .gyeongnam: 50...53
            case .jeju: 63...63
            }
        }
    }

    /// 시·도 names: full, short (`서울`, `서울시`) and legacy (`강원도`, `전라북도`, `제주도`).
    /// `광주시` is deliberately absent: it is also a city of 경기도 and is looked up as a 시·군·구.
    static let sidoNames: [String: Sido] = [
        "서울특별시": .seoul, "서울시": .seoul, "서울": .seoul,
        "부산광역시": .busan, "부산시": .busan, "부산": .busan,
        "대구광역시": .daegu, "대구시": .daegu, "대구": .daegu,
        "인천광역시": .incheon, "인천시": .incheon, "인천": .incheon,
        "광주광역시": .gwangju, "광주": .gwangju,
        "대전광역시": .daejeon, "대전시": .daejeon, "대전": .daejeon,
        "울산광역시": .ulsan, "울산시": .ulsan, "울산": .ulsan,
        "세종특별자치시": .sejong, "세종시": .sejong, "세종": .sejong,
        "경기도": .gyeonggi, "경기": .gyeonggi,
        "강원특별자치도": .gangwon, "강원도": .gangwon, "강원": .gangwon,
        "충청북도": .chungbuk, "충북": .chungbuk,
        "충청남도": .chungnam, "충남": .chungnam,
        "전북특별자치도": .jeonbuk, "전라북도": .jeonbuk, "전북": .jeonbuk,
        "전라남도": .jeonnam, "전남": .jeonnam,
        "경상북도": .gyeongbuk, "경북": .gyeongbuk,
        "경상남도": .gyeongnam, "경남": .gyeongnam,
        "제주특별자치도": .jeju, "제주도": .jeju, "제주": .jeju,
    ]

    /// 시·군·구 names by 시·도 (current as of 2026, plus legacy names still found in old rows).
    static let districtsBySido: [(Sido, [String])] = [
        (.seoul, [
            "종로구", "중구", "용산구", "성동구", "광진구", "동대문구", "중랑구", "성북구", "강북구", "도봉구",
            "노원구", "은평구", "서대문구", "마포구", "양천구", "강서구", "구로구", "금천구", "영등포구", "동작구",
            "관악구", "서초구", "강남구", "송파구", "강동구",
        ]),
        (.busan, [
            "중구", "서구", "동구", "영도구", "부산진구", "동래구", "남구", "북구", "해운대구", "사하구", "금정구",
            "강서구", "연제구", "수영구", "사상구", "기장군",
        ]),
        (.daegu, ["중구", "동구", "서구", "남구", "북구", "수성구", "달서구", "달성군", "군위군"]),
        (.incheon, [
            "중구", "동구", "미추홀구", "남구", "연수구", "남동구", "부평구", "계양구", "서구", "강화군", "옹진군",
            "제물포구", "영종구", "검단구",
        ]),
        (.gwangju, ["동구", "서구", "남구", "북구", "광산구", "광주시"]),
        (.daejeon, ["동구", "중구", "서구", "유성구", "대덕구"]),
        (.ulsan, ["중구", "남구", "동구", "북구", "울주군"]),
        (.sejong, ["연기군"]),
        (.gyeonggi, [
            "수원시", "장안구", "권선구", "팔달구", "영통구", "성남시", "수정구", "중원구", "분당구", "의정부시",
            "안양시", "만안구", "동안구", "부천시", "원미구", "소사구", "오정구", "광명시", "평택시", "동두천시",
            "안산시", "상록구", "단원구", "고양시", "덕양구", "일산동구", "일산서구", "과천시", "구리시", "남양주시",
            "오산시", "시흥시", "군포시", "의왕시", "하남시", "용인시", "처인구", "기흥구", "수지구", "파주시",
            "이천시", "안성시", "김포시", "화성시", "만세구", "효행구", "병점구", "동탄구", "광주시", "양주시",
            "포천시", "여주시", "연천군", "가평군", "양평군", "여주군", "양주군", "포천군",
        ]),
        (.gangwon, [
            "춘천시", "원주시", "강릉시", "동해시", "태백시", "속초시", "삼척시", "홍천군", "횡성군", "영월군",
            "평창군", "정선군", "철원군", "화천군", "양구군", "인제군", "고성군", "양양군",
        ]),
        (.chungbuk, [
            "청주시", "상당구", "서원구", "흥덕구", "청원구", "충주시", "제천시", "보은군", "옥천군", "영동군",
            "증평군", "진천군", "괴산군", "음성군", "단양군", "청원군",
        ]),
        (.chungnam, [
            "천안시", "동남구", "서북구", "공주시", "보령시", "아산시", "서산시", "논산시", "계룡시", "당진시",
            "금산군", "부여군", "서천군", "청양군", "홍성군", "예산군", "태안군", "당진군", "연기군",
        ]),
        (.jeonbuk, [
            "전주시", "완산구", "덕진구", "군산시", "익산시", "정읍시", "남원시", "김제시", "완주군", "진안군",
            "무주군", "장수군", "임실군", "순창군", "고창군", "부안군",
        ]),
        (.jeonnam, [
            "목포시", "여수시", "순천시", "나주시", "광양시", "담양군", "곡성군", "구례군", "고흥군", "보성군",
            "화순군", "장흥군", "강진군", "해남군", "영암군", "무안군", "함평군", "영광군", "장성군", "완도군",
            "진도군", "신안군",
        ]),
        (.gyeongbuk, [
            "포항시", "남구", "북구", "경주시", "김천시", "안동시", "구미시", "영주시", "영천시", "상주시", "문경시",
            "경산시", "의성군", "청송군", "영양군", "영덕군", "청도군", "고령군", "성주군", "칠곡군", "예천군",
            "봉화군", "울진군", "울릉군", "군위군",
        ]),
        (.gyeongnam, [
            "창원시", "의창구", "성산구", "마산합포구", "마산회원구", "진해구", "진주시", "통영시", "사천시",
            "김해시", "밀양시", "거제시", "양산시", "의령군", "함안군", "창녕군", "고성군", "남해군", "하동군",
            "산청군", "함양군", "거창군", "합천군", "마산시", "진해시",
        ]),
        (.jeju, ["제주시", "서귀포시", "북제주군", "남제주군"]),
    ]

    /// 시·군·구 name → mask of the 시·도 that have it.
    static let districts: [String: UInt32] = {
        var table: [String: UInt32] = [:]
        for (sido, names) in districtsBySido {
            for name in names { table[name, default: 0] |= sido.bit }
        }
        return table
    }()

    /// Byte-level lookup tables (no allocation per candidate).
    static let sidoTable = ByteWordTable<Sido>(sidoNames.map { ($0.key, $0.value) })
    static let districtTable = ByteWordTable<UInt32>(districts.map { ($0.key, $0.value) })
}
