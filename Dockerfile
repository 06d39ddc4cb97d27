# The portal as a container: build with the .NET 10 SDK, run on the ASP.NET 10 runtime.
#   docker build -t mlops-portal .      (docker-compose.yml builds it too)

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Package restore first, so a source change does not download the packages again.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/MlopsPortal.Core/MlopsPortal.Core.csproj src/MlopsPortal.Core/
COPY src/MlopsPortal.Trees/MlopsPortal.Trees.csproj src/MlopsPortal.Trees/
COPY src/MlopsPortal.Infrastructure/MlopsPortal.Infrastructure.csproj src/MlopsPortal.Infrastructure/
COPY src/MlopsPortal.Web/MlopsPortal.Web.csproj src/MlopsPortal.Web/
RUN dotnet restore src/MlopsPortal.Web/MlopsPortal.Web.csproj
# Sources, the portal's own assets and the demo artifact the Web project copies beside its binaries.
# global.json is left out on purpose: it pins a feature band for developers; the image's 10.0 SDK builds the same code.
COPY src/ src/
COPY wwwroot/ wwwroot/
COPY data/demo/sagemaker/ data/demo/sagemaker/
RUN dotnet publish src/MlopsPortal.Web/MlopsPortal.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# libgomp1: the native LightGBM library that retraining loads.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libgomp1 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080 \
    MLOPS_DATA_DIR=/data \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["dotnet", "MlopsPortal.Web.dll"]
